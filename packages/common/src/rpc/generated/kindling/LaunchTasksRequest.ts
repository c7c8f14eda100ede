// Original file: kindling.proto

import type { TaskBatch as _kindling_TaskBatch, TaskBatch__Output as _kindling_TaskBatch__Output } from '../kindling/TaskBatch.js';
import type { TaskChannelOpen as _kindling_TaskChannelOpen, TaskChannelOpen__Output as _kindling_TaskChannelOpen__Output } from '../kindling/TaskChannelOpen.js';

export interface LaunchTasksRequest {
  /**
   * Tasks to run, in launch order.
   */
  'tasks'?: (_kindling_TaskBatch | null);
  /**
   * First message on a new stream: which application and executor it serves.
   */
  'open'?: (_kindling_TaskChannelOpen | null);
  'message'?: "tasks"|"open";
}

export interface LaunchTasksRequest__Output {
  /**
   * Tasks to run, in launch order.
   */
  'tasks'?: (_kindling_TaskBatch__Output | null);
  /**
   * First message on a new stream: which application and executor it serves.
   */
  'open'?: (_kindling_TaskChannelOpen__Output | null);
  'message'?: "tasks"|"open";
}
