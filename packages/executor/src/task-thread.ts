/**
 * Entry point of a task thread (worker_threads). Builds its own ExecutorEnv, then
 * runs one task at a time as the main thread sends them, keeping stage payloads in
 * a PayloadCache so that every task of a stage sees the same payload object.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger, taskFailure, type TaskOutcome } from '@kindling/common';
import { PayloadCache } from './payload-cache.js';
import { createTaskEnv, type TaskEnv } from './task-env.js';
import type { FromTaskThread, TaskThreadData, ToTaskThread } from './task-thread-protocol.js';

// Stack traces of job code point at the user's files, not at the downloaded bundle
// (which is deleted with the application): bundles carry an inline source map.
// Each thread has its own setting.
process.setSourceMapsEnabled(true);

const port = parentPort;
if (port === null) throw new Error('task-thread.js must run in a worker thread');
const data = workerData as TaskThreadData;
const logger = createLogger().child({ executorId: data.setup.executorId, thread: data.threadIndex });
const payloads = new PayloadCache(data.setup.payloadCacheBytes);

const post = (message: FromTaskThread, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

let taskEnv: TaskEnv;
try {
  taskEnv = await createTaskEnv(data.setup, logger);
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'startFailed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

port.on('message', (message: ToTaskThread) => {
  void handle(message);
});

/** A buffer that owns its whole ArrayBuffer can be moved; a view into a shared one (Node's pool) is copied. */
function transferable(bytes: Uint8Array): ArrayBuffer[] | undefined {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : undefined;
}

async function handle(message: ToTaskThread): Promise<void> {
  switch (message.type) {
    case 'run': {
      if (message.payload !== undefined) payloads.put(message.payloadId, message.payload);
      const payload = payloads.get(message.payloadId);
      if (payload === undefined) {
        post({ type: 'needPayload', taskId: message.task.taskId, payloadId: message.payloadId });
        return;
      }
      taskEnv.mapOutputs.updateEpoch(message.epoch);
      let outcome: TaskOutcome;
      try {
        outcome = await taskEnv.runTask({ ...message.task, payload }, taskEnv.env);
      } catch (error) {
        outcome = { status: 'failed', failure: taskFailure(error) };
      }
      post({ type: 'outcome', taskId: message.task.taskId, outcome });
      return;
    }
    case 'removeRdd':
      try {
        await taskEnv.env.blockManager?.removeRdd(message.rddId);
      } catch (error) {
        logger.warn({ err: error, rddId: message.rddId }, 'could not remove cached blocks');
      }
      post({ type: 'done', requestId: message.requestId });
      return;
    case 'removeShuffle':
      taskEnv.mapOutputs.invalidate(message.shuffleId);
      post({ type: 'done', requestId: message.requestId });
      return;
    case 'getBlock': {
      let bytes: Uint8Array | undefined;
      try {
        bytes = await taskEnv.env.blockManager?.getBytes(message.blockId);
      } catch (error) {
        logger.warn({ err: error, blockId: message.blockId }, 'could not read a cached block for another executor');
      }
      // The bytes are moved to the main thread, not copied.
      if (bytes === undefined) post({ type: 'done', requestId: message.requestId });
      else post({ type: 'done', requestId: message.requestId, bytes }, transferable(bytes));
      return;
    }
    default: {
      const unexpected: never = message;
      logger.error({ message: unexpected }, 'unknown message from the executor');
    }
  }
}
