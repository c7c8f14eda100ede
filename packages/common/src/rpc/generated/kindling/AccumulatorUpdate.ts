// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One accumulator's updates from one task attempt: the state of the task's copy.
 */
export interface AccumulatorUpdate {
  'accumulatorId'?: (number | string | Long);
  /**
   * The copy's mergeable state ({ sum, count } or a list of values), node:v8-encoded.
   */
  'state'?: (Buffer | Uint8Array | string);
}

/**
 * One accumulator's updates from one task attempt: the state of the task's copy.
 */
export interface AccumulatorUpdate__Output {
  'accumulatorId': (number);
  /**
   * The copy's mergeable state ({ sum, count } or a list of values), node:v8-encoded.
   */
  'state': (Buffer);
}
