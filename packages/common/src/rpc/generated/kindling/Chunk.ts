// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A slice of a large byte sequence sent as a server stream.
 */
export interface Chunk {
  'data'?: (Buffer | Uint8Array | string);
  /**
   * Byte offset of `data` within the whole sequence.
   */
  'offset'?: (number | string | Long);
  /**
   * Size of the whole sequence; the same in every chunk, so the reader can
   * allocate once and detect truncation.
   */
  'totalSize'?: (number | string | Long);
}

/**
 * A slice of a large byte sequence sent as a server stream.
 */
export interface Chunk__Output {
  'data': (Buffer);
  /**
   * Byte offset of `data` within the whole sequence.
   */
  'offset': (number);
  /**
   * Size of the whole sequence; the same in every chunk, so the reader can
   * allocate once and detect truncation.
   */
  'totalSize': (number);
}
