// Original file: kindling.proto

import type { MapStatus as _kindling_MapStatus, MapStatus__Output as _kindling_MapStatus__Output } from '../kindling/MapStatus.js';
import type { TaskMetrics as _kindling_TaskMetrics, TaskMetrics__Output as _kindling_TaskMetrics__Output } from '../kindling/TaskMetrics.js';
import type { AccumulatorUpdate as _kindling_AccumulatorUpdate, AccumulatorUpdate__Output as _kindling_AccumulatorUpdate__Output } from '../kindling/AccumulatorUpdate.js';
import type { Long } from '@grpc/proto-loader';

export interface TaskSuccess {
  /**
   * The task's result, inline when small.
   */
  'result'?: (Buffer | Uint8Array | string);
  /**
   * True when the result is larger than the inline limit and stays on the executor:
   * the driver fetches it with ExecutorService.FetchTaskResult(task_id).
   */
  'resultRemote'?: (boolean);
  'resultSize'?: (number | string | Long);
  'mapStatus'?: (_kindling_MapStatus | null);
  'metrics'?: (_kindling_TaskMetrics | null);
  /**
   * Blocks this task stored in the executor's block manager (e.g. rdd_3_0).
   */
  'updatedBlocks'?: (string)[];
  /**
   * The attempt's accumulator updates, merged by the driver (only the first
   * successful attempt of a result task's partition counts).
   */
  'accumUpdates'?: (_kindling_AccumulatorUpdate)[];
}

export interface TaskSuccess__Output {
  /**
   * The task's result, inline when small.
   */
  'result': (Buffer);
  /**
   * True when the result is larger than the inline limit and stays on the executor:
   * the driver fetches it with ExecutorService.FetchTaskResult(task_id).
   */
  'resultRemote': (boolean);
  'resultSize': (number);
  'mapStatus': (_kindling_MapStatus__Output | null);
  'metrics': (_kindling_TaskMetrics__Output | null);
  /**
   * Blocks this task stored in the executor's block manager (e.g. rdd_3_0).
   */
  'updatedBlocks': (string)[];
  /**
   * The attempt's accumulator updates, merged by the driver (only the first
   * successful attempt of a result task's partition counts).
   */
  'accumUpdates': (_kindling_AccumulatorUpdate__Output)[];
}
