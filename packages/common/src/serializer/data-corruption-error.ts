/**
 * Stored or transmitted record bytes that fail their framing or checksum: bad magic, a
 * CRC32C mismatch, a truncated file, an unknown format version. Callers decide by type
 * what to do: a reducer treats it like a failed fetch (the map output is recomputed),
 * a checkpoint reader refuses the checkpoint file.
 */
import { ErrorCode, KindlingError, type KindlingErrorOptions } from '../errors/index.js';

export interface DataCorruptionErrorOptions extends KindlingErrorOptions {
  /** The record batch (0-based) in which the damage was found, when it is inside one. */
  readonly batchIndex?: number;
  /** The byte offset in the framed stream at which the damaged part starts. */
  readonly offset?: number;
}

export class DataCorruptionError extends KindlingError {
  override readonly name = 'DataCorruptionError';
  readonly batchIndex: number | undefined;
  readonly offset: number | undefined;
  constructor(message: string, options: DataCorruptionErrorOptions = {}) {
    super(ErrorCode.DataCorruption, message, options);
    this.batchIndex = options.batchIndex;
    this.offset = options.offset;
  }
}
