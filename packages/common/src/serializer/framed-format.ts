/**
 * The framed binary record format (docs/DESIGN.md §6) of shuffle files, disk blocks and
 * checkpoint part files. All integers little-endian.
 *
 *   stream  := header batch* trailer
 *   header  := "KNDL" | u8 version (1) | u8 serializer id | u8 codec id | u8 flags (0)
 *              | u32 crc32c(the 8 bytes before it)                              12 bytes
 *   batch   := u8 'B' | u32 crc32c(the 16 head bytes after it) | u32 record count
 *              | u32 raw length | u32 payload length | u32 crc32c(payload)
 *              | payload                                                       21 bytes + payload
 *   trailer := u8 'E' | u32 crc32c(the 16 bytes after it) | u64 record count
 *              | u32 batch count | "LDNK"                                      21 bytes
 *
 * The payload is the serializer's bytes for the batch's records as one array,
 * compressed by the codec; `raw length` is its size before compression. The batch
 * head has its own checksum so that a damaged length is reported as damage at once —
 * not read as a huge batch that a stream reader would wait for until the end and then
 * call truncated. A stream without its trailer was cut short: the trailer's counts must
 * match what was read, and nothing may follow it.
 *
 * This module holds the layout and the checks; framed-writer.ts and framed-reader.ts
 * drive them over a whole buffer, a sink or an async byte source.
 */
import { SerializationError } from '../errors/index.js';
import { type CompressionCodec, getCodec } from './compression-codec.js';
import { crc32c } from './crc32c.js';
import { DataCorruptionError } from './data-corruption-error.js';
import { messageOf } from './plain-data.js';
import type { Serializer } from './serializer.js';
import { getSerializer } from './serializer-registry.js';

export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 12;
export const BATCH_HEAD_BYTES = 21;
export const TRAILER_BYTES = 21;
const MAGIC = [0x4b, 0x4e, 0x44, 0x4c]; // "KNDL"
const END_MAGIC = [0x4c, 0x44, 0x4e, 0x4b]; // "LDNK"
export const BATCH_TAG = 0x42; // 'B'
export const TRAILER_TAG = 0x45; // 'E'
/** A batch larger than this is refused on write and taken as a corrupt length on read. */
export const MAX_BATCH_BYTES = 1 << 30;

/** Where a reader is, for error messages. */
export interface FrameLocation {
  readonly path: string | undefined;
}

export interface FramedHeader {
  readonly version: number;
  readonly serializer: Serializer;
  readonly codec: CompressionCodec;
}

export interface BatchHead {
  readonly recordCount: number;
  readonly rawLength: number;
  readonly payloadLength: number;
  readonly payloadCrc: number;
}

export interface Trailer {
  readonly recordCount: number;
  readonly batchCount: number;
}

function inPath(loc: FrameLocation): string {
  return loc.path === undefined ? '' : ` in ${loc.path}`;
}

export function corrupt(loc: FrameLocation, problem: string, offset: number, batchIndex?: number): DataCorruptionError {
  const batch = batchIndex === undefined ? '' : ` (batch ${batchIndex})`;
  return new DataCorruptionError(`Corrupt framed record data${inPath(loc)}: ${problem} at byte offset ${offset}${batch}`, {
    offset,
    ...(batchIndex === undefined ? {} : { batchIndex }),
    ...(loc.path === undefined ? {} : { path: loc.path }),
  });
}

/** `wanted` bytes were needed at `offset` but the data ended first. */
export function truncated(loc: FrameLocation, offset: number, what: string, batchIndex?: number): DataCorruptionError {
  return new DataCorruptionError(
    `Truncated framed record data${inPath(loc)}: it ends at byte ${offset} inside ${what} and has no trailer; the writer did not finish or the copy was cut short`,
    { offset, ...(batchIndex === undefined ? {} : { batchIndex }), ...(loc.path === undefined ? {} : { path: loc.path }) },
  );
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export function encodeHeader(target: Uint8Array, at: number, serializer: Serializer, codec: CompressionCodec): void {
  target.set(MAGIC, at);
  target[at + 4] = FORMAT_VERSION;
  target[at + 5] = serializer.id;
  target[at + 6] = codec.id;
  target[at + 7] = 0;
  view(target).setUint32(at + 8, crc32c(target.subarray(at, at + 8)), true);
}

/** Throws unless the stream's first bytes (as many as there are, up to 4) are the magic. */
export function checkMagic(start: Uint8Array, loc: FrameLocation): void {
  const n = Math.min(start.length, MAGIC.length);
  for (let i = 0; i < n; i++) {
    if (start[i] !== MAGIC[i]) {
      const found = Buffer.from(start.subarray(0, n)).toString('hex');
      throw corrupt(loc, `bad magic 0x${found} (expected "KNDL": not a Kindling record file)`, 0);
    }
  }
}

/** Parses and checks the 12 header bytes (at offset 0 of the stream). */
export function parseHeader(bytes: Uint8Array, loc: FrameLocation): FramedHeader {
  checkMagic(bytes, loc);
  const stored = view(bytes).getUint32(8, true);
  const computed = crc32c(bytes.subarray(0, 8));
  if (stored !== computed) throw corrupt(loc, `header CRC32C mismatch (stored ${hex(stored)}, computed ${hex(computed)})`, 0);
  const version = bytes[4]!;
  if (version !== FORMAT_VERSION || bytes[7] !== 0) {
    throw new DataCorruptionError(
      `Unsupported framed record format version ${version} (flags ${bytes[7]})${inPath(loc)}: this Kindling reads version ${FORMAT_VERSION}; read it with the Kindling version that wrote it`,
      { offset: 4, ...(loc.path === undefined ? {} : { path: loc.path }) },
    );
  }
  const serializer = lookup(() => getSerializer(bytes[5]!), loc, 'serializer', bytes[5]!);
  const codec = lookup(() => getCodec(bytes[6]!), loc, 'codec', bytes[6]!);
  return { version, serializer, codec };
}

function lookup<T>(get: () => T, loc: FrameLocation, kind: string, id: number): T {
  try {
    return get();
  } catch {
    throw corrupt(loc, `unknown ${kind} id ${id} in the header`, 0);
  }
}

/**
 * The head of one batch frame (preceded by the stream header for the first batch); the
 * payload follows it as a separate chunk, so the serializer's or codec's output buffer
 * is passed on without a copy.
 */
export function encodeBatchHead(
  payload: Uint8Array,
  recordCount: number,
  rawLength: number,
  header?: { serializer: Serializer; codec: CompressionCodec },
): Uint8Array {
  const at = header === undefined ? 0 : HEADER_BYTES;
  const head = Buffer.allocUnsafe(at + BATCH_HEAD_BYTES);
  if (header !== undefined) encodeHeader(head, 0, header.serializer, header.codec);
  const dv = view(head);
  head[at] = BATCH_TAG;
  dv.setUint32(at + 5, recordCount, true);
  dv.setUint32(at + 9, rawLength, true);
  dv.setUint32(at + 13, payload.length, true);
  dv.setUint32(at + 17, crc32c(payload), true);
  dv.setUint32(at + 1, crc32c(head.subarray(at + 5, at + BATCH_HEAD_BYTES)), true);
  return head;
}

/** Parses and checks the 21 bytes of a batch head; its lengths are then safe to act on. */
export function parseBatchHead(head: Uint8Array, loc: FrameLocation, offset: number, batchIndex: number): BatchHead {
  const dv = view(head);
  const stored = dv.getUint32(1, true);
  const computed = crc32c(head.subarray(5, BATCH_HEAD_BYTES));
  if (stored !== computed) {
    throw corrupt(loc, `batch head CRC32C mismatch (stored ${hex(stored)}, computed ${hex(computed)})`, offset, batchIndex);
  }
  const result = {
    recordCount: dv.getUint32(5, true),
    rawLength: dv.getUint32(9, true),
    payloadLength: dv.getUint32(13, true),
    payloadCrc: dv.getUint32(17, true),
  };
  if (result.payloadLength > MAX_BATCH_BYTES || result.rawLength > MAX_BATCH_BYTES || result.recordCount === 0) {
    throw corrupt(loc, `implausible batch head (${result.recordCount} records, ${result.payloadLength} bytes)`, offset, batchIndex);
  }
  return result;
}

/** The batch's payload matches the CRC32C its head stored. */
export function checkBatchCrc(head: BatchHead, payload: Uint8Array, loc: FrameLocation, offset: number, batchIndex: number): void {
  const computed = crc32c(payload);
  if (computed !== head.payloadCrc) {
    throw corrupt(loc, `CRC32C mismatch (stored ${hex(head.payloadCrc)}, computed ${hex(computed)})`, offset, batchIndex);
  }
}

/**
 * Checks a batch's payload checksum, then decompresses and deserializes it, checking
 * the sizes and the record count its head announced.
 */
export function decodeBatch(
  head: BatchHead,
  payload: Uint8Array,
  framed: FramedHeader,
  loc: FrameLocation,
  offset: number,
  batchIndex: number,
  /** The payload's CRC32C was checked already (verifyFramed), and the bytes have not left memory since. */
  verified = false,
): unknown[] {
  if (!verified) checkBatchCrc(head, payload, loc, offset, batchIndex);
  let raw: Uint8Array;
  try {
    raw = framed.codec.decompress(payload, head.rawLength);
  } catch (error) {
    throw corrupt(loc, `${framed.codec.name} cannot decompress the batch (${messageOf(error)})`, offset, batchIndex);
  }
  if (raw.length !== head.rawLength) {
    throw corrupt(loc, `the batch decompresses to ${raw.length} bytes, not the ${head.rawLength} it announced`, offset, batchIndex);
  }
  let records: unknown[];
  try {
    records = framed.serializer.deserializeBatch(raw);
  } catch (error) {
    throw new SerializationError(
      `Cannot deserialize batch ${batchIndex} at byte offset ${offset}${inPath(loc)}: ${messageOf(error)}`,
      { cause: error, ...(loc.path === undefined ? {} : { path: loc.path }) },
    );
  }
  if (records.length !== head.recordCount) {
    throw corrupt(loc, `the batch holds ${records.length} records, not the ${head.recordCount} it announced`, offset, batchIndex);
  }
  return records;
}

export function encodeTrailer(recordCount: number, batchCount: number): Uint8Array {
  const frame = Buffer.allocUnsafe(TRAILER_BYTES);
  const dv = view(frame);
  frame[0] = TRAILER_TAG;
  dv.setUint32(5, recordCount % 2 ** 32, true);
  dv.setUint32(9, Math.floor(recordCount / 2 ** 32), true);
  dv.setUint32(13, batchCount, true);
  frame.set(END_MAGIC, 17);
  dv.setUint32(1, crc32c(frame.subarray(5)), true);
  return frame;
}

/** Checks the trailer frame (all 21 bytes) against what the reader counted. */
export function checkTrailer(bytes: Uint8Array, loc: FrameLocation, offset: number, seen: Trailer): void {
  const dv = view(bytes);
  const stored = dv.getUint32(1, true);
  const computed = crc32c(bytes.subarray(5, TRAILER_BYTES));
  if (stored !== computed || END_MAGIC.some((b, i) => bytes[17 + i] !== b)) {
    throw corrupt(loc, `trailer CRC32C mismatch (stored ${hex(stored)}, computed ${hex(computed)})`, offset);
  }
  const recordCount = dv.getUint32(5, true) + dv.getUint32(9, true) * 2 ** 32;
  const batchCount = dv.getUint32(13, true);
  if (recordCount !== seen.recordCount || batchCount !== seen.batchCount) {
    throw corrupt(
      loc,
      `the trailer announces ${recordCount} records in ${batchCount} batches but ${seen.recordCount} records in ${seen.batchCount} batches were read`,
      offset,
    );
  }
}

/** The frame tag at `offset` is neither a batch nor the trailer. */
export function unknownTag(loc: FrameLocation, tag: number, offset: number, batchIndex: number): DataCorruptionError {
  return corrupt(loc, `unknown frame tag 0x${tag.toString(16).padStart(2, '0')} (expected a batch or the trailer)`, offset, batchIndex);
}
