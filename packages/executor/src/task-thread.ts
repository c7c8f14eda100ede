/**
 * Entry point of a task thread (worker_threads). Builds its own ExecutorEnv, then
 * runs the tasks the main thread sends, one at a time and in order, keeping stage
 * payloads in a PayloadCache so that every task of a stage sees the same payload
 * object.
 *
 * Outcomes are posted as the ReportPacer says (at once unless short tasks are
 * queued here), and at the latest once the oldest unposted one is
 * `maxOutcomeDelayMs` old, checked after each task: a batch of short tasks answers
 * in one message, and a task longer than that is reported as soon as it ends.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { KindlingError, createLogger, dropBroadcastCopy, taskFailure, type BroadcastSource, type ErrorCode, type TaskOutcome } from '@kindling/common';
import { PayloadCache } from './payload-cache.js';
import { ReportPacer } from './report-pacer.js';
import { createTaskEnv, type TaskEnv } from './task-env.js';
import type { FromTaskThread, TaskThreadData, ThreadTask, ThreadTaskOutcome, ToTaskThread } from './task-thread-protocol.js';

const maxOutcomeDelayMs = 1;

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

// Broadcast bytes come from the main thread, which fetches each from the driver once.
const broadcastRequests = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();
let nextBroadcastRequest = 0;
const broadcasts: BroadcastSource = {
  fetch: (broadcastId) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const requestId = nextBroadcastRequest++;
      broadcastRequests.set(requestId, { resolve, reject });
      post({ type: 'fetchBroadcast', requestId, broadcastId });
    }),
};

let taskEnv: TaskEnv;
try {
  taskEnv = await createTaskEnv(data.setup, logger, broadcasts);
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'startFailed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

const queue: ThreadTask[] = [];
let running = false;
// A thread runs one task: what it holds beyond that, after finishing one, is queued.
const pacer = new ReportPacer(0);
let unposted: ThreadTaskOutcome[] = [];
let oldestUnpostedAt = 0;

/** A buffer that owns its whole ArrayBuffer can be moved; a view into a shared one (Node's pool) is copied. */
function transferable(bytes: Uint8Array): ArrayBuffer[] | undefined {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : undefined;
}

port.on('message', (message: ToTaskThread) => {
  switch (message.type) {
    case 'run':
      for (const task of message.tasks) queue.push(task);
      pacer.added(queue.length + (running ? 1 : 0));
      if (!running) void runQueued();
      return;
    case 'removeRdd':
      void removeRdd(message.requestId, message.rddId);
      return;
    case 'removeShuffle':
      taskEnv.mapOutputs.invalidate(message.shuffleId);
      post({ type: 'done', requestId: message.requestId });
      return;
    case 'getBlock':
      void getBlock(message.requestId, message.blockId);
      return;
    case 'removeBroadcast':
      dropBroadcastCopy(message.broadcastId);
      post({ type: 'done', requestId: message.requestId });
      return;
    case 'broadcast': {
      const request = broadcastRequests.get(message.requestId);
      broadcastRequests.delete(message.requestId);
      if (request === undefined) return;
      if (message.bytes !== undefined) request.resolve(message.bytes);
      else request.reject(new KindlingError((message.error?.code ?? 'INTERNAL') as ErrorCode, message.error?.message ?? 'the executor could not fetch the broadcast'));
      return;
    }
    default: {
      const unexpected: never = message;
      logger.error({ message: unexpected }, 'unknown message from the executor');
    }
  }
});

async function runQueued(): Promise<void> {
  running = true;
  while (queue.length > 0) {
    const next = queue.shift()!;
    const outcome = await runOne(next);
    if (outcome !== undefined) {
      if (unposted.length === 0) oldestUnpostedAt = performance.now();
      unposted.push({ taskId: next.task.taskId, outcome });
    }
    if (unposted.length > 0 && (pacer.reportNow(queue.length) || performance.now() - oldestUnpostedAt >= maxOutcomeDelayMs)) {
      pacer.reported();
      post({ type: 'outcomes', outcomes: unposted });
      unposted = [];
    }
  }
  running = false;
}

/** Runs one task; undefined when its payload was evicted and the main thread must send it again. */
async function runOne(next: ThreadTask): Promise<TaskOutcome | undefined> {
  if (next.payload !== undefined) payloads.put(next.payloadId, next.payload);
  const payload = payloads.get(next.payloadId);
  if (payload === undefined) {
    post({ type: 'needPayload', taskId: next.task.taskId, payloadId: next.payloadId });
    return undefined;
  }
  taskEnv.mapOutputs.updateEpoch(next.epoch);
  try {
    return await taskEnv.runTask({ ...next.task, payload }, taskEnv.env);
  } catch (error) {
    return { status: 'failed', failure: taskFailure(error) };
  }
}

async function getBlock(requestId: number, blockId: string): Promise<void> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await taskEnv.env.blockManager?.getBytes(blockId);
  } catch (error) {
    logger.warn({ err: error, blockId }, 'could not read a cached block for another executor');
  }
  // The bytes are moved to the main thread, not copied.
  if (bytes === undefined) post({ type: 'done', requestId });
  else post({ type: 'done', requestId, bytes }, transferable(bytes));
}

async function removeRdd(requestId: number, rddId: number): Promise<void> {
  try {
    await taskEnv.env.blockManager?.removeRdd(rddId);
  } catch (error) {
    logger.warn({ err: error, rddId }, 'could not remove cached blocks');
  }
  post({ type: 'done', requestId });
}
