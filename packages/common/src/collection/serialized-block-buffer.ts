/**
 * Blocks of records in the framed format, held as their bytes until they are read
 * (the reduce side of a shuffle with neither aggregation nor ordering: partitionBy,
 * and the data of `mapWithState`). Spark's shuffle reader works the same way: fetched
 * blocks are streams, deserialized as the task consumes them.
 *
 * Why not records: decoding every block as it arrives and buffering the records
 * (ExternalSorter) held all of a partition's records at once until the task read
 * them. At 400,000 records a partition a batch, they outlived the young generation,
 * were copied into the old one and collected there: garbage collection was 28 % of
 * the stateful streaming bench's task time, and buffering them another 8 %. Decoded
 * while the task reads, a batch of records (about 1,000) lives only while it is read.
 *
 * Bytes beyond the task's memory are written to spill files as they are: they are
 * already in the framed format, so a spill is one write per block, and read back
 * it is checked again (CRC32C) like any spill file.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { TaskMemory } from '../memory/index.js';
import { decodeFramedBatches } from '../serializer/index.js';
import { writeAll } from './spill-file.js';
import { Spillable } from './spillable.js';

/** A block, in memory or spilled; `source` is what the reader's errors name. */
type HeldBlock<S> = { readonly source: S; bytes: Uint8Array | undefined; spillFile: string | undefined };

export class SerializedBlockBuffer<S> extends Spillable {
  private readonly blocks: HeldBlock<S>[] = [];
  private heldBytes = 0;

  /**
   * `describe` names a block in a read error; `onError` turns an error reading a block
   * (damage found on a spill file's second reading) into the reader's own kind.
   */
  constructor(
    memory: TaskMemory,
    private readonly describe: (source: S) => string,
    private readonly onError: (error: unknown, source: S) => Error = (error) => (error instanceof Error ? error : new Error(String(error))),
  ) {
    super(memory, 'fetched blocks');
  }

  /** Holds `bytes`, a whole framed stream whose checksums the caller has verified. */
  add(bytes: Uint8Array, source: S): void {
    this.blocks.push({ source, bytes, spillFile: undefined });
    this.heldBytes += bytes.byteLength;
    this.spillIfOverMemory();
  }

  protected estimatedSize(): number {
    return this.heldBytes;
  }

  protected spill(): number {
    let written = 0;
    for (const block of this.blocks) {
      if (block.bytes === undefined) continue;
      const path = this.memory.newSpillFile('fetched');
      const fd = openSync(path, 'wx');
      try {
        writeAll(fd, block.bytes);
      } finally {
        closeSync(fd);
      }
      written += block.bytes.length;
      block.spillFile = path;
      block.bytes = undefined;
    }
    this.heldBytes = 0;
    return written;
  }

  /** The records of every block, in the order the blocks were added. May be called again. */
  iterator(): Iterator<unknown> {
    return new BlockRecordIterator(this.blocks, this.describe, this.onError);
  }
}

/** Reads a batch of records at a time: a record costs an array read, as reading the sorter's buffer did. */
class BlockRecordIterator<S> implements Iterator<unknown> {
  private index = -1;
  private batches: Iterator<unknown[]> | undefined;
  private batch: unknown[] = [];
  private position = 0;

  constructor(
    private readonly blocks: readonly HeldBlock<S>[],
    private readonly describe: (source: S) => string,
    private readonly onError: (error: unknown, source: S) => Error,
  ) {}

  next(): IteratorResult<unknown> {
    while (this.position >= this.batch.length) {
      if (!this.nextBatch()) return { value: undefined, done: true };
    }
    return { value: this.batch[this.position++], done: false };
  }

  return(): IteratorResult<unknown> {
    this.batches?.return?.();
    this.batches = undefined;
    this.batch = [];
    this.index = this.blocks.length;
    return { value: undefined, done: true };
  }

  private nextBatch(): boolean {
    for (;;) {
      if (this.index >= this.blocks.length) return false;
      try {
        if (this.batches !== undefined) {
          const r = this.batches.next();
          if (r.done !== true) {
            this.batch = r.value;
            this.position = 0;
            return true;
          }
        }
        this.batches = undefined;
        if (++this.index >= this.blocks.length) return false;
        const next = this.blocks[this.index]!;
        // A spilled block is read back whole: it was held whole when it arrived.
        // Bytes held in memory were verified when they arrived; a spill file is checked again.
        this.batches =
          next.bytes !== undefined
            ? decodeFramedBatches(next.bytes, { path: this.describe(next.source), verified: true })
            : decodeFramedBatches(readFileSync(next.spillFile!), { path: next.spillFile! });
      } catch (error) {
        // The block being read: the current one, or the one just opened.
        throw this.onError(error, this.blocks[this.index]!.source);
      }
    }
  }
}
