// Original file: kindling.proto

import type { TaskDescription as _kindling_TaskDescription, TaskDescription__Output as _kindling_TaskDescription__Output } from '../kindling/TaskDescription.js';

export interface TaskBatch {
  'tasks'?: (_kindling_TaskDescription)[];
}

export interface TaskBatch__Output {
  'tasks': (_kindling_TaskDescription__Output)[];
}
