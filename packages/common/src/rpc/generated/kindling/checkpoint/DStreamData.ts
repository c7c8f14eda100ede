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
  /**
   * Streams that keep state across batches (mapWithState, updateStateByKey, inverse
   * reduceByKeyAndWindow): the version of the state held in checkpoint_data, as the
   * operator declared it (stateVersion(n), 1 by default); 0 for a stream without
   * state. An upgrade or a recovery migrates older state (docs/DESIGN.md §11).
   * Numbered 20 to leave 14-19 to fields added in parallel.
   */
  'stateVersion'?: (number);
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
  /**
   * Streams that keep state across batches (mapWithState, updateStateByKey, inverse
   * reduceByKeyAndWindow): the version of the state held in checkpoint_data, as the
   * operator declared it (stateVersion(n), 1 by default); 0 for a stream without
   * state. An upgrade or a recovery migrates older state (docs/DESIGN.md §11).
   * Numbered 20 to leave 14-19 to fields added in parallel.
   */
  'stateVersion': (number);
}
