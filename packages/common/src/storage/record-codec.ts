/**
 * How records rest in shuffle segments and disk blocks: the one place that knows,
 * so that moving to the serializer area's framed format is a change here only.
 *
 * Interim format until then: magic `KRB1`, then batches of
 * [u32 recordCount][u32 byteLength][u32 crc32][v8-serialized array of records].
 * A batch whose checksum or framing is wrong fails with DATA_CORRUPTION, which the
 * shuffle reader turns into a FetchFailedError.
 */
import { deserialize, serialize } from 'node:v8';
import { ErrorCode, KindlingError, SerializationError } from '../errors/index.js';

const MAGIC = 0x4b524231; // 'KRB1'
const BATCH_RECORDS = 4096;
const HEADER_BYTES = 4;
const BATCH_HEADER_BYTES = 12;

export function encodeRecords(records: readonly unknown[]): Uint8Array {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(MAGIC, 0);
  parts.push(header);
  for (let start = 0; start < records.length; start += BATCH_RECORDS) {
    const batch = records.slice(start, start + BATCH_RECORDS);
    let body: Buffer;
    try {
      body = serialize(batch);
    } catch (error) {
      throw new SerializationError(`Cannot serialize a record: ${(error as Error).message}; records must be plain data (no functions or symbols)`, { cause: error });
    }
    const batchHeader = Buffer.alloc(BATCH_HEADER_BYTES);
    batchHeader.writeUInt32BE(batch.length, 0);
    batchHeader.writeUInt32BE(body.length, 4);
    batchHeader.writeUInt32BE(crc32(body), 8);
    parts.push(batchHeader, body);
  }
  return Buffer.concat(parts);
}

export function decodeRecords(bytes: Uint8Array, what = 'record block'): unknown[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER_BYTES || buf.readUInt32BE(0) !== MAGIC) throw corrupt(what, 'bad header');
  const out: unknown[] = [];
  let offset = HEADER_BYTES;
  while (offset < buf.length) {
    if (offset + BATCH_HEADER_BYTES > buf.length) throw corrupt(what, 'truncated batch header');
    const count = buf.readUInt32BE(offset);
    const length = buf.readUInt32BE(offset + 4);
    const crc = buf.readUInt32BE(offset + 8);
    offset += BATCH_HEADER_BYTES;
    if (offset + length > buf.length) throw corrupt(what, 'truncated batch');
    const body = buf.subarray(offset, offset + length);
    if (crc32(body) !== crc) throw corrupt(what, 'checksum mismatch');
    const batch = deserialize(body) as unknown[];
    if (!Array.isArray(batch) || batch.length !== count) throw corrupt(what, 'batch record count mismatch');
    for (const record of batch) out.push(record);
    offset += length;
  }
  return out;
}

function corrupt(what: string, detail: string): KindlingError {
  return new KindlingError(ErrorCode.DataCorruption, `Corrupt ${what}: ${detail}`);
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
