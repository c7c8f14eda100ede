/**
 * A stand-in for the engine's runTask, for task runner tests: the payload is JSON
 * `{ "busyMs": { "<partitionId>": ms } }`, a partition listed there spins its
 * thread that long (a CPU-bound task, which only terminating the thread stops),
 * and every task answers with `{ partitionId, threadId }` as its result.
 */
import { threadId } from 'node:worker_threads';
import type { ExecutorEnv, TaskDescription, TaskOutcome } from '@kindling/common';

export interface ScriptedResult {
  readonly partitionId: number;
  readonly threadId: number;
}

export function runTask(task: TaskDescription, _env: ExecutorEnv): Promise<TaskOutcome> {
  const script = JSON.parse(new TextDecoder().decode(task.payload)) as { busyMs?: Record<string, number> };
  const busyMs = script.busyMs?.[String(task.partitionId)] ?? 0;
  const started = Date.now();
  while (Date.now() - started < busyMs);
  const result: ScriptedResult = { partitionId: task.partitionId, threadId };
  return Promise.resolve({
    status: 'success',
    result: new TextEncoder().encode(JSON.stringify(result)),
    metrics: { executorRunTimeMs: Date.now() - started, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleBytesRead: 0 },
  });
}
