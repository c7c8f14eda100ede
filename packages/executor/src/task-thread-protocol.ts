/** Messages between the executor's main thread and its task threads (structured clone). */
import type { TaskDescription, TaskOutcome } from '@kindling/common';
import type { TaskEnvSetup } from './task-env.js';

export type TaskHeader = Omit<TaskDescription, 'payload'>;

export type ToTaskThread =
  /** `payload` is present the first time this thread gets `payloadId`, and when it asked for it. */
  | { readonly type: 'run'; readonly task: TaskHeader; readonly payloadId: number; readonly payload?: Uint8Array; readonly epoch: number }
  | { readonly type: 'removeRdd'; readonly requestId: number; readonly rddId: number }
  | { readonly type: 'removeShuffle'; readonly requestId: number; readonly shuffleId: number }
  /** Another executor asks for a cached block (remote block read); answered with `done` and its bytes, if held. */
  | { readonly type: 'getBlock'; readonly requestId: number; readonly blockId: string };

export type FromTaskThread =
  | { readonly type: 'ready' }
  | { readonly type: 'startFailed'; readonly message: string }
  | { readonly type: 'outcome'; readonly taskId: number; readonly outcome: TaskOutcome }
  /** The thread no longer holds the payload (evicted): send the task again with it. */
  | { readonly type: 'needPayload'; readonly taskId: number; readonly payloadId: number }
  | { readonly type: 'done'; readonly requestId: number; readonly bytes?: Uint8Array };

export interface TaskThreadData {
  readonly setup: TaskEnvSetup;
  readonly threadIndex: number;
}
