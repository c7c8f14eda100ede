// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

/**
 * What a receiver running in a task tells the driver's ReceiverTracker (streaming).
 * A block carries records the receiver stored during one block interval, encoded
 * with the application's record serializer; the driver answers once the block is
 * stored (and, with the write-ahead log, written), so an acknowledged block is safe.
 */
export interface ReceiverReport {
  'streamId'?: (number);
  'executorId'?: (string);
  /**
   * started | block | error | stopped | heartbeat
   */
  'event'?: (string);
  'records'?: (Buffer | Uint8Array | string);
  'numRecords'?: (number | string | Long);
  'message'?: (string);
  'error'?: (string);
  /**
   * Which launch of the stream's receiver task reports (a relaunch counts up).
   */
  'attempt'?: (number);
}

/**
 * What a receiver running in a task tells the driver's ReceiverTracker (streaming).
 * A block carries records the receiver stored during one block interval, encoded
 * with the application's record serializer; the driver answers once the block is
 * stored (and, with the write-ahead log, written), so an acknowledged block is safe.
 */
export interface ReceiverReport__Output {
  'streamId': (number);
  'executorId': (string);
  /**
   * started | block | error | stopped | heartbeat
   */
  'event': (string);
  'records': (Buffer);
  'numRecords': (number);
  'message': (string);
  'error': (string);
  /**
   * Which launch of the stream's receiver task reports (a relaunch counts up).
   */
  'attempt': (number);
}
