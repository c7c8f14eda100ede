// Original file: kindling.proto

import type { FetchFailure as _kindling_FetchFailure, FetchFailure__Output as _kindling_FetchFailure__Output } from '../kindling/FetchFailure.js';
import type { TaskMetrics as _kindling_TaskMetrics, TaskMetrics__Output as _kindling_TaskMetrics__Output } from '../kindling/TaskMetrics.js';

export interface TaskFailure {
  'errorName'?: (string);
  'code'?: (string);
  'message'?: (string);
  'stack'?: (string);
  'fetchFailed'?: (_kindling_FetchFailure | null);
  'metrics'?: (_kindling_TaskMetrics | null);
}

export interface TaskFailure__Output {
  'errorName': (string);
  'code': (string);
  'message': (string);
  'stack': (string);
  'fetchFailed': (_kindling_FetchFailure__Output | null);
  'metrics': (_kindling_TaskMetrics__Output | null);
}
