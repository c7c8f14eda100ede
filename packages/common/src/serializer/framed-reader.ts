/**
 * Reads the framed format (framed-format.ts) from a whole buffer or from an async byte
 * source, checking every batch's CRC32C before deserializing it and the trailer at the
 * end. Damage raises `DataCorruptionError` at the point it is found: records already
 * yielded came from batches whose checksums matched, and a consumer that iterates to
 * the end has seen either every record or an error.
 */
import { type BatchHead, BATCH_HEAD_BYTES, BATCH_TAG, checkBatchCrc, checkMagic, checkTrailer, corrupt, decodeBatch, type FramedHeader,
  type FrameLocation, HEADER_BYTES, parseBatchHead, parseHeader, TRAILER_BYTES, TRAILER_TAG, truncated, unknownTag,
} from './framed-format.js';

export interface FramedReadOptions {
  /** The file or block the bytes came from, named in error messages. */
  readonly path?: string;
  /**
   * verifyFramed has checked these bytes and they have stayed in this process's memory
   * since: the batches' CRC32Cs are not computed again (only bytes read from a disk or
   * a network need checking).
   */
  readonly verified?: boolean;
}

/** The header of a framed stream held in `bytes`: its format version, serializer and codec. */
export function readFramedHeader(bytes: Uint8Array, options: FramedReadOptions = {}): FramedHeader {
  const loc = { path: options.path };
  checkMagic(bytes, loc);
  if (bytes.length < HEADER_BYTES) throw truncated(loc, bytes.length, 'the header');
  return parseHeader(bytes.subarray(0, HEADER_BYTES), loc);
}

/**
 * The record batches of the framed stream in `bytes`. The header is checked at once;
 * batches are checked and decoded as the iterator advances. Without compression, byte
 * arrays in the records may be views of `bytes`: do not overwrite it while they live.
 */
export function decodeFramedBatches(bytes: Uint8Array, options: FramedReadOptions = {}): IterableIterator<unknown[]> {
  const header = readFramedHeader(bytes, options);
  return batchesOf(bytes, header, { path: options.path }, options.verified === true);
}

/**
 * Checks a whole framed stream without deserializing it — the header, every batch's
 * CRC32C and length, the trailer — and returns its record count. For bytes that are
 * kept serialized and decoded later (a shuffle block held until the task reads it):
 * damage is found when the bytes arrive, where it can be blamed on their source.
 */
export function verifyFramed(bytes: Uint8Array, options: FramedReadOptions = {}): number {
  const loc = { path: options.path };
  readFramedHeader(bytes, options);
  let recordCount = 0;
  for (const { head, payload, offset, batchIndex } of framesOf(bytes, loc)) {
    checkBatchCrc(head, payload, loc, offset, batchIndex);
    recordCount += head.recordCount;
  }
  return recordCount;
}

/** The records of the framed stream in `bytes`, in order. The header is checked at once. */
export function decodeFramed(bytes: Uint8Array, options: FramedReadOptions = {}): IterableIterator<unknown> {
  return new RecordIterator(decodeFramedBatches(bytes, options));
}

/**
 * Flattens batches into records. A class rather than a generator: reducers iterate
 * every record through it, and it measured about 25% faster per record than
 * `for (…) yield batch[i]` (and 50% faster than `yield* batch`).
 */
class RecordIterator implements IterableIterator<unknown> {
  private batch: unknown[] = [];
  private index = 0;

  constructor(private readonly batches: Iterator<unknown[]>) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<unknown> {
    while (this.index >= this.batch.length) {
      const next = this.batches.next();
      if (next.done === true) return { value: undefined, done: true };
      this.batch = next.value;
      this.index = 0;
    }
    return { value: this.batch[this.index++], done: false };
  }

  return(): IteratorResult<unknown> {
    this.batches.return?.();
    this.batch = [];
    return { value: undefined, done: true };
  }
}

function* batchesOf(bytes: Uint8Array, header: FramedHeader, loc: FrameLocation, verified: boolean): Generator<unknown[], void, undefined> {
  for (const { head, payload, offset, batchIndex } of framesOf(bytes, loc)) yield decodeBatch(head, payload, header, loc, offset, batchIndex, verified);
}

interface Frame {
  readonly head: BatchHead;
  readonly payload: Uint8Array;
  readonly offset: number;
  readonly batchIndex: number;
}

/**
 * The batch frames of the framed stream in `bytes` (its header already checked), each
 * within the bytes; at the end, the trailer is checked against the record counts the
 * heads announced (decodeBatch checks each batch holds what its head says).
 */
function* framesOf(bytes: Uint8Array, loc: FrameLocation): Generator<Frame, void, undefined> {
  let offset = HEADER_BYTES;
  let batchIndex = 0;
  let recordCount = 0;
  for (;;) {
    if (offset >= bytes.length) throw truncated(loc, offset, `the stream where batch ${batchIndex} or the trailer should start`);
    const tag = bytes[offset]!;
    if (tag === TRAILER_TAG) {
      if (offset + TRAILER_BYTES > bytes.length) throw truncated(loc, bytes.length, 'the trailer');
      checkTrailer(bytes.subarray(offset, offset + TRAILER_BYTES), loc, offset, { recordCount, batchCount: batchIndex });
      const extra = bytes.length - offset - TRAILER_BYTES;
      if (extra > 0) throw corrupt(loc, `${extra} unexpected bytes after the trailer`, offset + TRAILER_BYTES);
      return;
    }
    if (tag !== BATCH_TAG) throw unknownTag(loc, tag, offset, batchIndex);
    if (offset + BATCH_HEAD_BYTES > bytes.length) throw truncated(loc, bytes.length, `batch ${batchIndex}`, batchIndex);
    const head = parseBatchHead(bytes.subarray(offset, offset + BATCH_HEAD_BYTES), loc, offset, batchIndex);
    const end = offset + BATCH_HEAD_BYTES + head.payloadLength;
    if (end > bytes.length) throw truncatedBatch(loc, bytes.length, head, batchIndex);
    yield { head, payload: bytes.subarray(offset + BATCH_HEAD_BYTES, end), offset, batchIndex };
    offset = end;
    batchIndex++;
    recordCount += head.recordCount;
  }
}

function truncatedBatch(loc: FrameLocation, at: number, head: BatchHead, batchIndex: number): Error {
  return truncated(loc, at, `batch ${batchIndex} (which announces ${head.payloadLength} bytes)`, batchIndex);
}

/**
 * The record batches of a framed stream arriving as chunks of any size (a file read
 * stream, an HTTP body, a gRPC stream). Holds at most one batch's bytes at a time;
 * stopping early returns the source's iterator, closing it.
 */
export async function* readFramed(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: FramedReadOptions = {},
): AsyncGenerator<unknown[], void, undefined> {
  const loc = { path: options.path };
  const input = new ByteQueue(source);
  try {
    const headerBytes = await input.read(HEADER_BYTES);
    if (headerBytes === undefined) {
      checkMagic(input.rest(), loc);
      throw truncated(loc, input.length, 'the header');
    }
    const header = parseHeader(headerBytes, loc);
    let batchIndex = 0;
    let recordCount = 0;
    for (;;) {
      const offset = input.position;
      const tag = (await input.read(1))?.[0];
      if (tag === undefined) throw truncated(loc, offset, `the stream where batch ${batchIndex} or the trailer should start`);
      if (tag === TRAILER_TAG) {
        const rest = await input.read(TRAILER_BYTES - 1);
        if (rest === undefined) throw truncated(loc, input.length, 'the trailer');
        checkTrailer(concat(tag, rest), loc, offset, { recordCount, batchCount: batchIndex });
        if (!(await input.atEnd())) throw corrupt(loc, 'unexpected bytes after the trailer', input.position);
        return;
      }
      if (tag !== BATCH_TAG) throw unknownTag(loc, tag, offset, batchIndex);
      const rest = await input.read(BATCH_HEAD_BYTES - 1);
      if (rest === undefined) throw truncated(loc, input.length, `batch ${batchIndex}`, batchIndex);
      const headBytes = concat(tag, rest);
      const head = parseBatchHead(headBytes, loc, offset, batchIndex);
      const payload = await input.read(head.payloadLength);
      if (payload === undefined) throw truncatedBatch(loc, input.length, head, batchIndex);
      const batch = decodeBatch(head, payload, header, loc, offset, batchIndex);
      batchIndex++;
      recordCount += batch.length;
      yield batch;
    }
  } finally {
    await input.close();
  }
}

function concat(tag: number, rest: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(1 + rest.length);
  bytes[0] = tag;
  bytes.set(rest, 1);
  return bytes;
}

/** Exact-length reads over a chunked source; a read within one chunk is a view, not a copy. */
class ByteQueue {
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  private readonly chunks: Uint8Array[] = [];
  private head = 0; // bytes of chunks[0] already consumed
  private buffered = 0; // unconsumed bytes in chunks
  private consumed = 0;
  private ended = false;

  constructor(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  /** Bytes consumed so far: the stream offset of the next read. */
  get position(): number {
    return this.consumed;
  }

  /** Bytes seen so far, consumed or not. */
  get length(): number {
    return this.consumed + this.buffered;
  }

  /** Exactly `n` bytes, or undefined when the source ends first (the bytes stay buffered). */
  async read(n: number): Promise<Uint8Array | undefined> {
    if (n === 0) return new Uint8Array(0);
    while (this.buffered < n && (await this.pull()));
    if (this.buffered < n) return undefined;
    this.consumed += n;
    this.buffered -= n;
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.advance(first, n);
      return out;
    }
    const out = new Uint8Array(n);
    for (let filled = 0; filled < n; ) {
      const chunk = this.chunks[0]!;
      const take = Math.min(n - filled, chunk.length - this.head);
      out.set(chunk.subarray(this.head, this.head + take), filled);
      filled += take;
      this.advance(chunk, take);
    }
    return out;
  }

  /** The unconsumed buffered bytes (for error messages after a short read). */
  rest(): Uint8Array {
    const out = new Uint8Array(this.buffered);
    let at = 0;
    this.chunks.forEach((chunk, i) => {
      const part = i === 0 ? chunk.subarray(this.head) : chunk;
      out.set(part, at);
      at += part.length;
    });
    return out;
  }

  async atEnd(): Promise<boolean> {
    return this.buffered === 0 && !(await this.pull());
  }

  async close(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      await this.iterator.return?.();
    }
  }

  private advance(chunk: Uint8Array, n: number): void {
    this.head += n;
    if (this.head === chunk.length) {
      this.chunks.shift();
      this.head = 0;
    }
  }

  private async pull(): Promise<boolean> {
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done === true) {
        this.ended = true;
        return false;
      }
      if (next.value.length > 0) {
        this.chunks.push(next.value);
        this.buffered += next.value.length;
        return true;
      }
    }
    return false;
  }
}
