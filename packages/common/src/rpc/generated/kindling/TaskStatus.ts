// Original file: kindling.proto

import type { TaskSuccess as _kindling_TaskSuccess, TaskSuccess__Output as _kindling_TaskSuccess__Output } from '../kindling/TaskSuccess.js';
import type { TaskFailure as _kindling_TaskFailure, TaskFailure__Output as _kindling_TaskFailure__Output } from '../kindling/TaskFailure.js';
import type { Long } from '@grpc/proto-loader';

export interface TaskStatus {
  'taskId'?: (number | string | Long);
  'success'?: (_kindling_TaskSuccess | null);
  'failure'?: (_kindling_TaskFailure | null);
  /**
   * The task was killed (KillTask); the reason the driver gave.
   */
  'killedReason'?: (string);
  'outcome'?: "success"|"failure"|"killedReason";
}

export interface TaskStatus__Output {
  'taskId': (number);
  'success'?: (_kindling_TaskSuccess__Output | null);
  'failure'?: (_kindling_TaskFailure__Output | null);
  /**
   * The task was killed (KillTask); the reason the driver gave.
   */
  'killedReason'?: (string);
  'outcome'?: "success"|"failure"|"killedReason";
}
