/**
 * Writes records in the framed format (framed-format.ts) a batch at a time, so a map
 * task or a checkpoint writer streams to a file or an HTTP body without holding the
 * whole partition's bytes.
 *
 * A batch closes at `batchSize` records or at about `batchBytes`, whichever comes
 * first: a partition of 1 MB records must not build a 1 GB batch. The writer cannot
 * know a record's size before serializing it, so its first batch holds only 16 records
 * and each batch's bytes per record size the next.
 */
import { SerializationError } from '../errors/index.js';
import { type CompressionCodec, noneCodec } from './compression-codec.js';
import { encodeBatchHead, encodeHeader, encodeTrailer, HEADER_BYTES, MAX_BATCH_BYTES } from './framed-format.js';
import { UnserializableValueError } from './plain-data.js';
import type { Serializer } from './serializer.js';
import { defaultSerializer } from './serializer-registry.js';

export interface FramedWriterOptions {
  /** Defaults to `defaultSerializer()`. */
  readonly serializer?: Serializer;
  /** Defaults to `none`. */
  readonly codec?: CompressionCodec;
  /** At most this many records per batch; default 1024. */
  readonly batchSize?: number;
  /** Aim for batches of about this many serialized bytes; default 1 MiB. */
  readonly batchBytes?: number;
}

export const DEFAULT_BATCH_SIZE = 1024;
export const DEFAULT_BATCH_BYTES = 1 << 20;
const FIRST_BATCH_SIZE = 16;

/**
 * Receives each encoded chunk in order: a batch arrives as two chunks, its head and its
 * payload (the serializer's or codec's own buffer, passed on without a copy). The
 * writer never modifies a chunk after handing it over.
 */
export type ChunkSink = (chunk: Uint8Array) => void;

export class FramedWriter {
  readonly serializer: Serializer;
  readonly codec: CompressionCodec;
  private readonly maxBatchSize: number;
  private readonly batchBytes: number;
  private batchLimit: number;
  private readonly pending: unknown[] = [];
  private headerWritten = false;
  private state: 'open' | 'finished' | 'failed' = 'open';
  private records = 0;
  private batches = 0;
  private bytes = 0;

  constructor(
    private readonly sink: ChunkSink,
    options: FramedWriterOptions = {},
  ) {
    this.serializer = options.serializer ?? defaultSerializer();
    this.codec = options.codec ?? noneCodec;
    this.maxBatchSize = positive(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize');
    this.batchBytes = positive(options.batchBytes ?? DEFAULT_BATCH_BYTES, 'batchBytes');
    // The first batch is small: its bytes per record size the batches after it.
    this.batchLimit = Math.min(this.maxBatchSize, FIRST_BATCH_SIZE);
  }

  /** Records in batches already emitted. */
  get recordCount(): number {
    return this.records;
  }

  get batchCount(): number {
    return this.batches;
  }

  /** Bytes handed to the sink so far. */
  get bytesWritten(): number {
    return this.bytes;
  }

  write(record: unknown): void {
    this.checkOpen();
    this.pending.push(record);
    if (this.pending.length >= this.batchLimit) this.flush();
  }

  writeAll(records: Iterable<unknown>): void {
    if (Array.isArray(records) && this.pending.length === 0) {
      this.writeArray(records);
      return;
    }
    for (const record of records) this.write(record);
  }

  /** An array goes to the serializer in slices, without a push per record. */
  private writeArray(records: readonly unknown[]): void {
    this.checkOpen();
    let i = 0;
    while (records.length - i >= this.batchLimit) {
      const end = i + this.batchLimit;
      this.emitOrFail(records.slice(i, end));
      i = end;
    }
    for (; i < records.length; i++) this.pending.push(records[i]);
  }

  /** Emits the records written since the last batch as one batch (nothing if there are none). */
  flush(): void {
    this.checkOpen();
    if (this.pending.length === 0) return;
    try {
      this.emitOrFail(this.pending);
    } finally {
      // Serializers are synchronous and keep no reference: the array is reused.
      this.pending.length = 0;
    }
  }

  private emitOrFail(batch: unknown[]): void {
    try {
      this.emitBatch(batch);
    } catch (error) {
      this.state = 'failed';
      throw error instanceof UnserializableValueError ? error.withRecordOffset(this.records) : error;
    }
  }

  /** Emits the last batch and the trailer; the stream is complete after this. */
  finish(): void {
    this.flush();
    const trailer = encodeTrailer(this.records, this.batches);
    if (this.headerWritten) {
      this.emit(trailer);
    } else {
      const chunk = Buffer.allocUnsafe(HEADER_BYTES + trailer.length);
      encodeHeader(chunk, 0, this.serializer, this.codec);
      chunk.set(trailer, HEADER_BYTES);
      this.headerWritten = true;
      this.emit(chunk);
    }
    this.state = 'finished';
  }

  private emitBatch(batch: unknown[]): void {
    const raw = this.serializer.serializeBatch(batch);
    const payload = this.codec.compress(raw);
    if (payload.length > MAX_BATCH_BYTES || raw.length > MAX_BATCH_BYTES) {
      throw new SerializationError(
        `A batch of ${batch.length} records serializes to ${raw.length} bytes, over the ${MAX_BATCH_BYTES}-byte limit of a framed batch; records this large must be split`,
      );
    }
    const header = this.headerWritten ? undefined : { serializer: this.serializer, codec: this.codec };
    const head = encodeBatchHead(payload, batch.length, raw.length, header);
    this.headerWritten = true;
    this.records += batch.length;
    this.batches++;
    this.emit(head);
    this.emit(payload);
    // Size the next batch from this one's bytes per record (at least 1, at most batchSize).
    const perRecord = raw.length / batch.length;
    this.batchLimit = Math.max(1, Math.min(this.maxBatchSize, Math.floor(this.batchBytes / Math.max(perRecord, 1))));
  }

  private emit(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.sink(chunk);
  }

  private checkOpen(): void {
    if (this.state !== 'open') {
      const why = this.state === 'failed' ? 'failed on an earlier batch' : 'is finished';
      throw new SerializationError(`This FramedWriter ${why}; create a new one to write another stream`);
    }
  }
}

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw new SerializationError(`FramedWriter ${name} must be a positive integer, not ${n}`);
  return n;
}

/** The whole framed stream of `records` as one buffer. */
export function encodeFramedBatches(records: Iterable<unknown>, options: FramedWriterOptions = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const writer = new FramedWriter((chunk) => chunks.push(chunk), options);
  writer.writeAll(records);
  writer.finish();
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * The framed stream of `records` as an async iterable of chunks, two per batch, produced
 * only as fast as the consumer pulls them (`stream.Readable.from(framedChunks(…))`
 * pipes it into a file; `fetch` takes it as a body).
 */
export async function* framedChunks(
  records: Iterable<unknown> | AsyncIterable<unknown>,
  options: FramedWriterOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const ready: Uint8Array[] = [];
  const writer = new FramedWriter((chunk) => ready.push(chunk), options);
  if (Symbol.asyncIterator in records) {
    for await (const record of records) {
      writer.write(record);
      if (ready.length > 0) yield* ready.splice(0);
    }
  } else {
    // A synchronous source is drained without an await per record.
    for (const record of records) {
      writer.write(record);
      if (ready.length > 0) yield* ready.splice(0);
    }
  }
  writer.finish();
  yield* ready.splice(0);
}
