/**
 * Large byte sequences as streams of chunks (at most `chunkBytes` each). The writer
 * waits for 'drain' so a slow reader bounds the memory a sender buffers; the
 * reader assembles into one buffer sized from the first chunk and refuses a
 * stream that ends short (a truncated transfer must not look like a small file).
 */
import type { ClientReadableStream, ServerWritableStream } from '@grpc/grpc-js';
import { ErrorCode, KindlingError } from '../errors/index.js';
import type { Chunk__Output } from './generated/kindling/Chunk.js';
import { chunkBytes } from './rpc-channel.js';

export interface ChunkSlice {
  readonly data: Uint8Array;
  readonly offset: number;
}

/** Views (no copies) of `data` in order; one empty slice for empty data, so the reader learns the size. */
export function* sliceIntoChunks(data: Uint8Array, size = chunkBytes): Generator<ChunkSlice> {
  if (data.byteLength === 0) {
    yield { data, offset: 0 };
    return;
  }
  for (let offset = 0; offset < data.byteLength; offset += size) {
    yield { data: data.subarray(offset, Math.min(offset + size, data.byteLength)), offset };
  }
}

/** Writes one message, waiting for the stream to drain when its buffer is full. */
export async function writeWithBackpressure<T>(call: ServerWritableStream<unknown, T>, message: T): Promise<void> {
  if (call.write(message)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      call.off('error', onError);
      resolve();
    };
    const onError = (error: Error): void => {
      call.off('drain', onDrain);
      reject(error);
    };
    call.once('drain', onDrain);
    call.once('error', onError);
  });
}

/** Sends `data` as Chunk messages and ends the call. */
export async function sendChunks(call: ServerWritableStream<unknown, { data: Uint8Array; offset: number; totalSize: number }>, data: Uint8Array): Promise<void> {
  for (const slice of sliceIntoChunks(data)) {
    if (call.cancelled) return;
    await writeWithBackpressure(call, { data: slice.data, offset: slice.offset, totalSize: data.byteLength });
  }
  call.end();
}

/** Assembles slices of known total size; throws when they do not add up. */
export class ChunkAssembler {
  private buffer: Buffer | undefined;
  private received = 0;

  constructor(private readonly what: string) {}

  add(data: Uint8Array, offset: number, totalSize: number): void {
    if (this.buffer === undefined) this.buffer = Buffer.allocUnsafe(totalSize);
    if (totalSize !== this.buffer.byteLength || offset + data.byteLength > totalSize) {
      throw new KindlingError(ErrorCode.DataCorruption, `${this.what}: chunk at ${offset} (+${data.byteLength}) does not fit ${totalSize} bytes`);
    }
    this.buffer.set(data, offset);
    this.received += data.byteLength;
  }

  finish(): Buffer {
    const buffer = this.buffer ?? Buffer.alloc(0);
    if (this.received !== buffer.byteLength) {
      throw new KindlingError(ErrorCode.DataCorruption, `${this.what}: stream ended after ${this.received} of ${buffer.byteLength} bytes`);
    }
    return buffer;
  }
}

/** Reads a whole server stream of Chunk messages into one buffer. */
export function collectChunks(call: ClientReadableStream<Chunk__Output>, what: string): Promise<Buffer> {
  const assembler = new ChunkAssembler(what);
  return new Promise<Buffer>((resolve, reject) => {
    let failed = false;
    call.on('data', (chunk: Chunk__Output) => {
      if (failed) return;
      try {
        assembler.add(chunk.data, chunk.offset, chunk.totalSize);
      } catch (error) {
        failed = true;
        call.cancel();
        reject(error);
      }
    });
    call.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
    call.on('end', () => {
      if (failed) return;
      try {
        resolve(assembler.finish());
      } catch (error) {
        reject(error);
      }
    });
  });
}
