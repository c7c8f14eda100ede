/**
 * Spill files: a sorted run of records written by a spilling collection, in the
 * framed record format (header, CRC32C-checked batches, trailer), and read back a
 * batch at a time.
 *
 * Both directions are synchronous on purpose. A collection spills from inside
 * `compute` (synchronous by design, see DECISIONS.md) and is merged by an iterator
 * that `compute` returns; a task runs in its own worker thread, so a blocking read
 * of a local file stalls only that task. Reading holds one batch (≤ 1024 records,
 * about 64 KiB serialized) per file, which is what bounds a merge of many spills.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { KindlingError } from '../errors/index.js';
import {
  BATCH_HEAD_BYTES,
  BATCH_TAG,
  HEADER_BYTES,
  TRAILER_BYTES,
  TRAILER_TAG,
  checkTrailer,
  decodeBatch,
  parseBatchHead,
  parseHeader,
  truncated,
  unknownTag,
  type FramedHeader,
} from '../serializer/framed-format.js';
import { FramedWriter, type FramedWriterOptions } from '../serializer/index.js';

/**
 * Small batches: a merge holds one decoded batch of every spill file at once, and a
 * partition several times the memory spills dozens of times (Spark reads spills
 * through 32 KiB buffers for the same reason).
 */
const SPILL_BATCH_BYTES = 64 * 1024;

export class SpillWriter {
  private readonly fd: number;
  private readonly writer: FramedWriter;
  private closed = false;

  constructor(
    readonly path: string,
    options: FramedWriterOptions,
  ) {
    this.fd = openSync(path, 'wx');
    this.writer = new FramedWriter((chunk) => writeAll(this.fd, chunk), { ...options, batchBytes: SPILL_BATCH_BYTES });
  }

  write(record: unknown): void {
    this.writer.write(record);
  }

  /** Completes the file; returns its size in bytes. */
  finish(): number {
    try {
      this.writer.finish();
    } finally {
      this.close();
    }
    return this.writer.bytesWritten;
  }

  /** Closes the file without completing it (the task failed; its spill directory is removed). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Writes all of `chunk` at the file's position (writeSync may write less than asked). */
export function writeAll(fd: number, chunk: Uint8Array): void {
  let offset = 0;
  while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
}

/** The records of a spill file, in order; the file stays open until the iterator ends or is returned. */
export function readSpillFile(path: string): Iterator<unknown> {
  return new SpillReader(path);
}

class SpillReader implements Iterator<unknown> {
  private fd: number | undefined;
  private position = 0;
  private batch: unknown[] = [];
  private index = 0;
  private batchIndex = 0;
  private recordCount = 0;
  private readonly header: FramedHeader;
  private readonly loc: { path: string };

  constructor(path: string) {
    this.loc = { path };
    try {
      this.fd = openSync(path, 'r');
      this.header = parseHeader(this.read(HEADER_BYTES, 'the header'), this.loc);
    } catch (error) {
      this.close();
      throw KindlingError.from(error, `Cannot read spill file ${path}`);
    }
  }

  next(): IteratorResult<unknown> {
    while (this.index >= this.batch.length) {
      if (this.fd === undefined || !this.nextBatch()) return { value: undefined, done: true };
    }
    return { value: this.batch[this.index++], done: false };
  }

  return(): IteratorResult<unknown> {
    this.close();
    return { value: undefined, done: true };
  }

  /** Loads the next batch; false at the trailer (the file is then closed). */
  private nextBatch(): boolean {
    const offset = this.position;
    const tag = this.read(1, `batch ${this.batchIndex} or the trailer`)[0]!;
    if (tag === TRAILER_TAG) {
      const trailer = withTag(tag, this.read(TRAILER_BYTES - 1, 'the trailer'));
      checkTrailer(trailer, this.loc, offset, { recordCount: this.recordCount, batchCount: this.batchIndex });
      this.close();
      return false;
    }
    if (tag !== BATCH_TAG) throw unknownTag(this.loc, tag, offset, this.batchIndex);
    const head = parseBatchHead(withTag(tag, this.read(BATCH_HEAD_BYTES - 1, `batch ${this.batchIndex}`)), this.loc, offset, this.batchIndex);
    const payload = this.read(head.payloadLength, `batch ${this.batchIndex}`);
    this.batch = decodeBatch(head, payload, this.header, this.loc, offset, this.batchIndex);
    this.index = 0;
    this.batchIndex++;
    this.recordCount += this.batch.length;
    return true;
  }

  private read(length: number, what: string): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const n = readSync(this.fd!, bytes, filled, length - filled, this.position + filled);
      if (n === 0) throw truncated(this.loc, this.position + filled, what);
      filled += n;
    }
    this.position += length;
    return bytes;
  }

  private close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

function withTag(tag: number, rest: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(1 + rest.length);
  bytes[0] = tag;
  bytes.set(rest, 1);
  return bytes;
}
