/**
 * A stand-in for the engine's runTask, for task runner tests: the payload is JSON
 * `{ "busyMs": { "<partitionId>": ms }, "sleepMs": { "<partitionId>": ms } }`; a
 * partition listed in busyMs spins its thread that long (a CPU-bound task, which
 * only terminating the thread stops), one in sleepMs awaits a timer that long (a
 * task waiting on I/O, which other tasks may interleave with), and every task
 * answers with `{ partitionId, threadId }` as its result.
 */
import { threadId } from 'node:worker_threads';
import type { ExecutorEnv, TaskDescription, TaskOutcome } from '@kindling/common';

export interface ScriptedResult {
  readonly partitionId: number;
  readonly threadId: number;
}

export async function runTask(task: TaskDescription, _env: ExecutorEnv): Promise<TaskOutcome> {
  const script = JSON.parse(new TextDecoder().decode(task.payload)) as { busyMs?: Record<string, number>; sleepMs?: Record<string, number> };
  const busyMs = script.busyMs?.[String(task.partitionId)] ?? 0;
  const sleepMs = script.sleepMs?.[String(task.partitionId)] ?? 0;
  const started = Date.now();
  while (Date.now() - started < busyMs);
  if (sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, sleepMs));
  const result: ScriptedResult = { partitionId: task.partitionId, threadId };
  return {
    status: 'success',
    result: new TextEncoder().encode(JSON.stringify(result)),
    metrics: { executorRunTimeMs: Date.now() - started, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleBytesRead: 0 },
  };
}
