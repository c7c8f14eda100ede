// Original file: checkpoint.proto

import type { Value as _kindling_checkpoint_Value, Value__Output as _kindling_checkpoint_Value__Output } from '../../kindling/checkpoint/Value.js';
import type { Long } from '@grpc/proto-loader';

export interface AccumulatorValue {
  'id'?: (number | string | Long);
  'name'?: (string);
  /**
   * long | double | collection
   */
  'kind'?: (string);
  /**
   * long and double accumulators: their sum and count.
   */
  'sum'?: (number | string);
  'count'?: (number | string | Long);
  /**
   * collection accumulators: the values collected (plain data).
   */
  'values'?: (_kindling_checkpoint_Value | null);
}

export interface AccumulatorValue__Output {
  'id': (number);
  'name': (string);
  /**
   * long | double | collection
   */
  'kind': (string);
  /**
   * long and double accumulators: their sum and count.
   */
  'sum': (number);
  'count': (number);
  /**
   * collection accumulators: the values collected (plain data).
   */
  'values': (_kindling_checkpoint_Value__Output | null);
}
