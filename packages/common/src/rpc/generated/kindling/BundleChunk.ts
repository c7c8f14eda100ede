// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One slice of one file of a job bundle directory.
 */
export interface BundleChunk {
  /**
   * Path relative to the bundle directory, '/'-separated.
   */
  'path'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'offset'?: (number | string | Long);
  'fileSize'?: (number | string | Long);
}

/**
 * One slice of one file of a job bundle directory.
 */
export interface BundleChunk__Output {
  /**
   * Path relative to the bundle directory, '/'-separated.
   */
  'path': (string);
  'data': (Buffer);
  'offset': (number);
  'fileSize': (number);
}
