// Original file: checkpoint.proto

import type { Value as _kindling_checkpoint_Value, Value__Output as _kindling_checkpoint_Value__Output } from '../../kindling/checkpoint/Value.js';
import type { RddCheckpoint as _kindling_checkpoint_RddCheckpoint, RddCheckpoint__Output as _kindling_checkpoint_RddCheckpoint__Output } from '../../kindling/checkpoint/RddCheckpoint.js';
import type { Long } from '@grpc/proto-loader';

export interface DStreamData {
  /**
   * Position in this graph; parents refer to it.
   */
  'id'?: (number);
  'uid'?: (string);
  /**
   * True when set with name(uid), false when derived from the kind and position.
   */
  'explicitUid'?: (boolean);
  'kind'?: (string);
  /**
   * The operation that made it ("map", "mapWithState"…).
   */
  'scope'?: (string);
  'parentIds'?: (number)[];
  /**
   * The operator's parameters: function references, durations, partition counts.
   */
  'params'?: (_kindling_checkpoint_Value | null);
  'slideDurationMs'?: (number | string | Long);
  /**
   * 0 when the stream is not checkpointed.
   */
  'checkpointDurationMs'?: (number | string | Long);
  'rememberDurationMs'?: (number | string | Long);
  'storageLevel'?: (string);
  /**
   * Batch time → directory of that batch's checkpointed RDD (Spark's DStreamCheckpointData).
   */
  'checkpointData'?: (_kindling_checkpoint_RddCheckpoint)[];
  /**
   * Input streams: what each remembered batch read (offsets, file lists, block ids).
   */
  'sourcePosition'?: (_kindling_checkpoint_Value | null);
}

export interface DStreamData__Output {
  /**
   * Position in this graph; parents refer to it.
   */
  'id': (number);
  'uid': (string);
  /**
   * True when set with name(uid), false when derived from the kind and position.
   */
  'explicitUid': (boolean);
  'kind': (string);
  /**
   * The operation that made it ("map", "mapWithState"…).
   */
  'scope': (string);
  'parentIds': (number)[];
  /**
   * The operator's parameters: function references, durations, partition counts.
   */
  'params': (_kindling_checkpoint_Value__Output | null);
  'slideDurationMs': (number);
  /**
   * 0 when the stream is not checkpointed.
   */
  'checkpointDurationMs': (number);
  'rememberDurationMs': (number);
  'storageLevel': (string);
  /**
   * Batch time → directory of that batch's checkpointed RDD (Spark's DStreamCheckpointData).
   */
  'checkpointData': (_kindling_checkpoint_RddCheckpoint__Output)[];
  /**
   * Input streams: what each remembered batch read (offsets, file lists, block ids).
   */
  'sourcePosition': (_kindling_checkpoint_Value__Output | null);
}
