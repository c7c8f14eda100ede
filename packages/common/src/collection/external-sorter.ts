/**
 * A buffer of records that spills sorted runs to disk when it outgrows its memory
 * and merges them when read (the sorting half of Spark's ExternalSorter): the reduce
 * side of sortByKey, and of shuffles without aggregation (partitionBy, repartition),
 * whose records would otherwise all be held at once.
 *
 * With an ordering, each spill is sorted (Array.prototype.sort: stable) and reading
 * is a k-way merge by the same ordering; runs are taken in spill order on ties, so
 * the result is the same as one stable sort. Without an ordering, runs are read
 * back one after the other, in the order the records came.
 */
import { estimateSize, type TaskMemory } from '../memory/index.js';
import type { FramedWriterOptions } from '../serializer/index.js';
import { MinHeap } from './min-heap.js';
import { readSpillFile, SpillWriter } from './spill-file.js';
import { Spillable } from './spillable.js';

const SAMPLE_EVERY = 16;
/** An array slot per record. */
const SLOT = 8;

export class ExternalSorter<T> extends Spillable {
  private buffer: T[] = [];
  private readonly spillFiles: string[] = [];
  private sampledBytes = 0;
  private samples = 0;
  private sortedBuffer = false;

  constructor(
    private readonly compare: ((a: T, b: T) => number) | undefined,
    memory: TaskMemory,
    private readonly writeOptions: FramedWriterOptions,
  ) {
    super(memory, 'sorter');
  }

  insert(record: T): void {
    if (this.buffer.length % SAMPLE_EVERY === 0) {
      this.sampledBytes += estimateSize(record);
      this.samples++;
    }
    this.buffer.push(record);
    this.sortedBuffer = false;
    this.maybeSpill();
  }

  insertAll(records: Iterable<T>): void {
    for (const record of records) this.insert(record);
  }

  protected estimatedSize(): number {
    return this.samples === 0 ? 0 : this.buffer.length * (SLOT + this.sampledBytes / this.samples);
  }

  get spillCount(): number {
    return this.spills;
  }

  protected spill(): number {
    this.sortBuffer();
    const writer = new SpillWriter(this.memory.newSpillFile('sort'), this.writeOptions);
    try {
      for (const record of this.buffer) writer.write(record);
      const bytes = writer.finish();
      this.spillFiles.push(writer.path);
      return bytes;
    } finally {
      writer.close();
      this.buffer = [];
    }
  }

  private sortBuffer(): void {
    if (this.compare !== undefined && !this.sortedBuffer) this.buffer.sort(this.compare);
    this.sortedBuffer = true;
  }

  /** The records, sorted when there is an ordering. May be called again. */
  iterator(): Iterator<T> {
    this.sortBuffer();
    if (this.spillFiles.length === 0) return this.buffer[Symbol.iterator]();
    const runs = [...this.spillFiles.map((f) => readSpillFile(f) as Iterator<T>), this.buffer[Symbol.iterator]()];
    return this.compare === undefined ? concatenate(runs) : new SortedMergeIterator(runs, this.compare);
  }
}

function* concatenate<T>(runs: readonly Iterator<T>[]): Generator<T> {
  for (const run of runs) yield* { [Symbol.iterator]: () => run };
}

interface Run<T> {
  readonly records: Iterator<T>;
  readonly index: number;
  head: T;
}

class SortedMergeIterator<T> implements Iterator<T> {
  private readonly heap: MinHeap<Run<T>>;

  constructor(runs: readonly Iterator<T>[], compare: (a: T, b: T) => number) {
    this.heap = new MinHeap<Run<T>>((a, b) => {
      const c = compare(a.head, b.head);
      return c < 0 || (c === 0 && a.index < b.index);
    });
    runs.forEach((records, index) => {
      const first = records.next();
      if (first.done !== true) this.heap.push({ records, index, head: first.value });
    });
  }

  next(): IteratorResult<T> {
    const run = this.heap.pop();
    if (run === undefined) return { value: undefined, done: true };
    const value = run.head;
    const next = run.records.next();
    if (next.done !== true) {
      run.head = next.value;
      this.heap.push(run);
    }
    return { value, done: false };
  }

  return(): IteratorResult<T> {
    for (let run = this.heap.pop(); run !== undefined; run = this.heap.pop()) run.records.return?.();
    return { value: undefined, done: true };
  }
}
