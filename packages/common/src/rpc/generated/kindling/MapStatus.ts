// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Where a map task's shuffle output lives (TaskTypes MapStatus).
 */
export interface MapStatus {
  'shuffleId'?: (number);
  'mapId'?: (number);
  'executorId'?: (string);
  /**
   * host:port of the executor's ExecutorService, for FetchShuffleBlocks.
   */
  'address'?: (string);
  /**
   * Bytes of each reduce partition's block; 0 = empty.
   */
  'blockSizes'?: (number | string | Long)[];
}

/**
 * Where a map task's shuffle output lives (TaskTypes MapStatus).
 */
export interface MapStatus__Output {
  'shuffleId': (number);
  'mapId': (number);
  'executorId': (string);
  /**
   * host:port of the executor's ExecutorService, for FetchShuffleBlocks.
   */
  'address': (string);
  /**
   * Bytes of each reduce partition's block; 0 = empty.
   */
  'blockSizes': (number)[];
}
