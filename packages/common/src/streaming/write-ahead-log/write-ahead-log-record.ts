/**
 * One record of a write-ahead log segment: a 4-byte big-endian payload length, the
 * payload's CRC32C (4 bytes), then the payload. Spark's FileBasedWriteAheadLog writes
 * the length and the bytes only; the checksum is what lets a reader tell a record
 * torn by a crash mid-write (or damaged later) from a good one, instead of handing
 * garbage to the deserializer.
 */
import { crc32c } from '../../serializer/index.js';

export const RECORD_HEADER_BYTES = 8;

/** A record's place in a segment file: what a block's metadata keeps (Spark's FileBasedWriteAheadLogSegment). */
export interface WriteAheadLogSegment {
  readonly path: string;
  /** Byte offset of the record's header in the file. */
  readonly offset: number;
  /** Payload length, without the header. */
  readonly length: number;
}

export function encodeRecord(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.byteLength);
  out.writeUInt32BE(payload.byteLength, 0);
  out.writeUInt32BE(crc32c(payload) >>> 0, 4);
  out.set(payload, RECORD_HEADER_BYTES);
  return out;
}

/** The payload of one record read from `bytes` (header included), or the reason it is unusable. */
export function decodeRecord(bytes: Buffer, expectedLength: number): { payload: Buffer } | { damage: string } {
  if (bytes.byteLength < RECORD_HEADER_BYTES) return { damage: `only ${bytes.byteLength} bytes, shorter than a record header` };
  const length = bytes.readUInt32BE(0);
  if (length !== expectedLength) return { damage: `the header says ${length} bytes, the block's metadata ${expectedLength}` };
  if (bytes.byteLength < RECORD_HEADER_BYTES + length) return { damage: `the record is cut short (${bytes.byteLength - RECORD_HEADER_BYTES} of ${length} bytes)` };
  const payload = bytes.subarray(RECORD_HEADER_BYTES, RECORD_HEADER_BYTES + length);
  if ((crc32c(payload) >>> 0) !== bytes.readUInt32BE(4)) return { damage: 'its CRC32C does not match' };
  return { payload };
}

export interface SegmentScan {
  /** Every intact record, in order, with its place. */
  readonly records: Array<{ readonly offset: number; readonly payload: Buffer }>;
  /** Where the readable part ends and why, when the file does not end on a record boundary or a record is damaged. */
  readonly damage: { readonly offset: number; readonly skippedBytes: number; readonly reason: string } | undefined;
}

/**
 * The records of a whole segment file. Reading stops at the first record that is cut
 * short or fails its checksum: a crash mid-append leaves exactly that at the end of
 * the newest segment, and nothing after a damaged length can be trusted.
 */
export function scanSegment(bytes: Buffer): SegmentScan {
  const records: Array<{ offset: number; payload: Buffer }> = [];
  let offset = 0;
  while (offset < bytes.byteLength) {
    const rest = bytes.byteLength - offset;
    const stop = (reason: string): SegmentScan => ({ records, damage: { offset, skippedBytes: rest, reason } });
    if (rest < RECORD_HEADER_BYTES) return stop(`a record header cut short (${rest} of ${RECORD_HEADER_BYTES} bytes)`);
    const length = bytes.readUInt32BE(offset);
    if (rest < RECORD_HEADER_BYTES + length) return stop(`a record cut short (${rest - RECORD_HEADER_BYTES} of ${length} bytes)`);
    const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, offset + RECORD_HEADER_BYTES + length);
    if ((crc32c(payload) >>> 0) !== bytes.readUInt32BE(offset + 4)) return stop('a record whose CRC32C does not match');
    records.push({ offset, payload });
    offset += RECORD_HEADER_BYTES + length;
  }
  return { records, damage: undefined };
}
