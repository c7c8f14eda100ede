// Original file: checkpoint.proto


/**
 * One file: the encoded StreamingCheckpoint and its CRC32C, so that a torn or
 * corrupt file is told apart from a valid one before anything is decoded.
 */
export interface CheckpointFile {
  /**
   * 1 for this layout. A reader refuses a version it does not know.
   */
  'formatVersion'?: (number);
  /**
   * A StreamingCheckpoint, encoded.
   */
  'checkpoint'?: (Buffer | Uint8Array | string);
  /**
   * CRC32C (Castagnoli) of `checkpoint`.
   */
  'crc32c'?: (number);
}

/**
 * One file: the encoded StreamingCheckpoint and its CRC32C, so that a torn or
 * corrupt file is told apart from a valid one before anything is decoded.
 */
export interface CheckpointFile__Output {
  /**
   * 1 for this layout. A reader refuses a version it does not know.
   */
  'formatVersion': (number);
  /**
   * A StreamingCheckpoint, encoded.
   */
  'checkpoint': (Buffer);
  /**
   * CRC32C (Castagnoli) of `checkpoint`.
   */
  'crc32c': (number);
}
