/** Messages between the executor's main thread and its task threads (structured clone). */
import type { TaskDescription, TaskOutcome } from '@kindling/common';
import type { TaskEnvSetup } from './task-env.js';

export type TaskHeader = Omit<TaskDescription, 'payload'>;

/** One task handed to a thread. `payload` is present the first time this thread gets `payloadId`, and when it asked for it. */
export interface ThreadTask {
  readonly task: TaskHeader;
  readonly payloadId: number;
  readonly payload?: Uint8Array;
  readonly epoch: number;
}

export interface ThreadTaskOutcome {
  readonly taskId: number;
  readonly outcome: TaskOutcome;
}

/**
 * Tasks and outcomes travel in batches: a message between threads costs ~40 µs of
 * CPU on each round trip whatever it carries (13 µs to post one on a loaded 2-core
 * machine), so the short tasks the driver pipelines share their hops.
 */
export type ToTaskThread =
  /** Run these, in order, after any the thread still has. */
  | { readonly type: 'run'; readonly tasks: readonly ThreadTask[] }
  | { readonly type: 'removeRdd'; readonly requestId: number; readonly rddId: number }
  | { readonly type: 'removeShuffle'; readonly requestId: number; readonly shuffleId: number }
  /** Another executor asks for a cached block (remote block read); answered with `done` and its bytes, if held. */
  | { readonly type: 'getBlock'; readonly requestId: number; readonly blockId: string }
  /** Drop this thread's decoded copy of a broadcast (unpersist, destroy); answered with `done`. */
  | { readonly type: 'removeBroadcast'; readonly requestId: number; readonly broadcastId: number }
  /** The main thread's answer to `fetchBroadcast`: the bytes, or why there are none. */
  | { readonly type: 'broadcast'; readonly requestId: number; readonly bytes?: Uint8Array; readonly error?: { readonly code: string; readonly message: string } };

export type FromTaskThread =
  | { readonly type: 'ready' }
  | { readonly type: 'startFailed'; readonly message: string }
  | { readonly type: 'outcomes'; readonly outcomes: readonly ThreadTaskOutcome[] }
  /** The thread no longer holds the payload (evicted): send the task again with it. */
  | { readonly type: 'needPayload'; readonly taskId: number; readonly payloadId: number }
  | { readonly type: 'done'; readonly requestId: number; readonly bytes?: Uint8Array }
  /** A task needs a broadcast this thread does not hold: the main thread fetches it once per executor. */
  | { readonly type: 'fetchBroadcast'; readonly requestId: number; readonly broadcastId: number };

export interface TaskThreadData {
  readonly setup: TaskEnvSetup;
  readonly threadIndex: number;
}
