// Original file: checkpoint.proto

import type { Long } from '@grpc/proto-loader';

export interface BroadcastFile {
  'id'?: (number | string | Long);
  /**
   * The file holding the node:v8-encoded value.
   */
  'path'?: (string);
  'size'?: (number | string | Long);
  /**
   * CRC32C (Castagnoli) of the file's bytes: a torn or damaged file is refused.
   */
  'crc32c'?: (number);
  /**
   * kc.broadcast(value, { name }): what an upgrade matches it by ("" when unnamed:
   * not carried across an upgrade, only restored by a plain recovery).
   */
  'name'?: (string);
}

export interface BroadcastFile__Output {
  'id': (number);
  /**
   * The file holding the node:v8-encoded value.
   */
  'path': (string);
  'size': (number);
  /**
   * CRC32C (Castagnoli) of the file's bytes: a torn or damaged file is refused.
   */
  'crc32c': (number);
  /**
   * kc.broadcast(value, { name }): what an upgrade matches it by ("" when unnamed:
   * not carried across an upgrade, only restored by a plain recovery).
   */
  'name': (string);
}
