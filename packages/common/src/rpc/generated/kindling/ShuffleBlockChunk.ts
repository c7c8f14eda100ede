// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A slice of one of the requested blocks; blocks are sent in request order, each
 * as one or more chunks; an empty block is one chunk with no data.
 */
export interface ShuffleBlockChunk {
  /**
   * Index of the block in the request.
   */
  'blockIndex'?: (number);
  'data'?: (Buffer | Uint8Array | string);
  'offset'?: (number | string | Long);
  'blockSize'?: (number | string | Long);
}

/**
 * A slice of one of the requested blocks; blocks are sent in request order, each
 * as one or more chunks; an empty block is one chunk with no data.
 */
export interface ShuffleBlockChunk__Output {
  /**
   * Index of the block in the request.
   */
  'blockIndex': (number);
  'data': (Buffer);
  'offset': (number);
  'blockSize': (number);
}
