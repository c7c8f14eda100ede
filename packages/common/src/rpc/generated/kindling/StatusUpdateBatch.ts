// Original file: kindling.proto

import type { TaskStatus as _kindling_TaskStatus, TaskStatus__Output as _kindling_TaskStatus__Output } from '../kindling/TaskStatus.js';

export interface StatusUpdateBatch {
  'updates'?: (_kindling_TaskStatus)[];
}

export interface StatusUpdateBatch__Output {
  'updates': (_kindling_TaskStatus__Output)[];
}
