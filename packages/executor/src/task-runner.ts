/**
 * How the executor runs the tasks it is given: in worker threads (the default, see
 * ThreadTaskRunner for why) or inline on its main thread. The executor sees only
 * this interface.
 */
import type { TaskDescription, TaskOutcome } from '@kindling/common';

export interface TaskRunner {
  /** Settles once the runner can run tasks (tasks given earlier wait); rejects if it cannot start. */
  readonly ready: Promise<void>;
  /** Runs one task; never rejects (a failure is an outcome). */
  run(task: TaskDescription, payloadId: number, epoch: number): Promise<TaskOutcome>;
  /** Stops a task; its `run` resolves with a 'killed' outcome. False when it is not running here. */
  kill(taskId: number, reason: string): boolean;
  runningTaskIds(): number[];
  removeRdd(rddId: number): Promise<void>;
  /** Forgets a removed shuffle's cached map statuses (Spark's MapOutputTrackerWorker.unregisterShuffle). */
  removeShuffle(shuffleId: number): Promise<void>;
  /** A cached block as framed bytes, from whichever task thread holds it; undefined when none does. */
  getBlockBytes(blockId: string): Promise<Uint8Array | undefined>;
  removeBroadcast(broadcastId: number): Promise<void>;
  close(): Promise<void>;
}

export function killedOutcome(reason: string): TaskOutcome {
  return { status: 'killed', reason };
}
