/**
 * A map from keys to combiners that spills to disk when it outgrows its memory
 * (Spark's ExternalAppendOnlyMap): the reduce side of reduceByKey, groupByKey,
 * combineByKey and aggregateByKey, the map side of a combining shuffle, and
 * cogroup (so the joins).
 *
 * Values are folded into the in-memory map (KeyedMap: structural key equality).
 * When the map's estimated size passes what the task could get from its memory,
 * its entries are sorted by key hash and written to a spill file, and the map
 * starts empty. Iterating merges the spill files and the last in-memory map, each
 * sorted by hash: the entries of the smallest hash are taken from every run, equal
 * keys among them are merged with `mergeCombiners`, and the result goes out. Only
 * one batch of each spill file is in memory at a time.
 *
 * The size is estimated from samples, not measured: every 32nd operation the
 * entry created, or the combiner before and after a merge, is sized
 * (size-estimator.ts); the map's size is then creates × the mean entry size plus
 * merges × the mean growth per merge. That makes a groupByKey's growing lists and
 * a reduceByKey's constant sums both come out right, at the cost of one sizing per
 * 16 records.
 */
import type { FramedWriterOptions } from '../serializer/index.js';
import { KeyedMap } from '../rdd/grouping-key.js';
import { hashKey } from '../rdd/key-hash.js';
import { estimateSize, type TaskMemory } from '../memory/index.js';
import { MinHeap } from './min-heap.js';
import { readSpillFile, SpillWriter } from './spill-file.js';
import { Spillable } from './spillable.js';

/** Bytes a map entry costs beyond its key and combiner (hash table slots, the entry object for composite keys). */
const ENTRY_OVERHEAD = 64;
const SAMPLE_EVERY = 32;

export interface Combiners<V, C> {
  readonly createCombiner: (v: V) => C;
  readonly mergeValue: (c: C, v: V) => C;
  readonly mergeCombiners: (a: C, b: C) => C;
}

export class ExternalAppendOnlyMap<V, C> extends Spillable {
  private readonly map = new KeyedMap<C>();
  private readonly spillFiles: string[] = [];
  private creates = 0;
  private merges = 0;
  private ops = 0;
  private createBytes = 0;
  private createSamples = 0;
  private mergeBytes = 0;
  private mergeSamples = 0;
  private sortedInMemory: Array<[unknown, C]> | undefined;

  constructor(
    private readonly combiners: Combiners<V, C>,
    memory: TaskMemory,
    private readonly writeOptions: FramedWriterOptions,
  ) {
    super(memory, 'in-memory map');
  }

  insert(key: unknown, value: V): void {
    const { createCombiner, mergeValue } = this.combiners;
    if (this.ops++ % SAMPLE_EVERY === 0) this.insertSampled(key, value);
    else if (this.map.combine(key, value, createCombiner, mergeValue)) this.creates++;
    else this.merges++;
    this.maybeSpill();
  }

  /** Inserts and sizes: the new entry, or the combiner's growth (measured before the merge, which may mutate it). */
  private insertSampled(key: unknown, value: V): void {
    const current = this.map.get(key);
    if (current !== undefined || this.map.has(key)) {
      const before = estimateSize(current);
      const merged = this.combiners.mergeValue(current as C, value);
      this.map.set(key, merged);
      this.mergeBytes += Math.max(0, estimateSize(merged) - before);
      this.mergeSamples++;
      this.merges++;
    } else {
      const combiner = this.combiners.createCombiner(value);
      this.map.set(key, combiner);
      this.createBytes += estimateSize(key) + estimateSize(combiner) + ENTRY_OVERHEAD;
      this.createSamples++;
      this.creates++;
    }
  }

  protected estimatedSize(): number {
    const perCreate = this.createSamples === 0 ? ENTRY_OVERHEAD : this.createBytes / this.createSamples;
    const perMerge = this.mergeSamples === 0 ? 0 : this.mergeBytes / this.mergeSamples;
    return this.creates * perCreate + this.merges * perMerge;
  }

  /** How many times this map went to disk. */
  get spillCount(): number {
    return this.spills;
  }

  protected spill(): number {
    const writer = new SpillWriter(this.memory.newSpillFile('map'), this.writeOptions);
    try {
      for (const entry of sortByHash(Array.from(this.map.entries()))) writer.write(entry);
      const bytes = writer.finish();
      this.spillFiles.push(writer.path);
      return bytes;
    } finally {
      writer.close();
      this.map.clear();
      this.creates = 0;
      this.merges = 0;
    }
  }

  /**
   * Every key once with its combiner. Without spills, the in-memory map's entries
   * in insertion order; with spills, merged by key hash. May be called again (the
   * spill files stay until the task ends).
   */
  iterator(): Iterator<[unknown, C]> {
    if (this.spillFiles.length === 0) return this.map.entries();
    this.sortedInMemory ??= sortByHash(Array.from(this.map.entries()));
    const runs = [this.sortedInMemory[Symbol.iterator](), ...this.spillFiles.map((f) => readSpillFile(f) as Iterator<[unknown, C]>)];
    return new HashMergeIterator(runs, this.combiners.mergeCombiners);
  }
}

/** Entries in order of their key's hash (the order of every run, so runs can be merged). */
function sortByHash<C>(entries: Array<[unknown, C]>): Array<[unknown, C]> {
  const hashes = new Int32Array(entries.length);
  for (let i = 0; i < entries.length; i++) hashes[i] = hashKey(entries[i]![0]);
  const order = Uint32Array.from({ length: entries.length }, (_, i) => i).sort((a, b) => hashes[a]! - hashes[b]!);
  return Array.from(order, (i) => entries[i]!);
}

interface Run<C> {
  readonly records: Iterator<[unknown, C]>;
  head: [unknown, C];
  hash: number;
}

/**
 * Merges runs sorted by key hash (Spark's ExternalIterator): takes all entries of
 * the smallest hash from every run, merges those with equal keys, and hands them
 * out. Distinct keys with the same hash are rare and simply go out one by one.
 */
class HashMergeIterator<C> implements Iterator<[unknown, C]> {
  private readonly heap = new MinHeap<Run<C>>((a, b) => a.hash < b.hash);
  private ready: Array<[unknown, C]> = [];
  private readyIndex = 0;

  constructor(
    runs: readonly Iterator<[unknown, C]>[],
    private readonly mergeCombiners: (a: C, b: C) => C,
  ) {
    for (const records of runs) {
      const first = records.next();
      if (first.done !== true) this.heap.push({ records, head: first.value, hash: hashKey(first.value[0]) });
    }
  }

  next(): IteratorResult<[unknown, C]> {
    if (this.readyIndex >= this.ready.length && !this.fill()) return { value: undefined, done: true };
    return { value: this.ready[this.readyIndex++]!, done: false };
  }

  /** Collects and merges the entries of the smallest hash; false when every run is exhausted. */
  private fill(): boolean {
    const first = this.heap.peek();
    if (first === undefined) return false;
    const hash = first.hash;
    const group: Array<[unknown, C]> = [];
    while (this.heap.peek()?.hash === hash) {
      const run = this.heap.pop()!;
      let more = true;
      while (more && run.hash === hash) {
        group.push(run.head);
        const next = run.records.next();
        if (next.done === true) more = false;
        else {
          run.head = next.value;
          run.hash = hashKey(next.value[0]);
        }
      }
      if (more) this.heap.push(run);
    }
    this.readyIndex = 0;
    if (group.length === 1) {
      this.ready = group;
      return true;
    }
    const merged = new KeyedMap<C>();
    for (const [key, combiner] of group) merged.combine(key, combiner, identity, this.mergeCombiners);
    this.ready = Array.from(merged.entries());
    return true;
  }

  return(): IteratorResult<[unknown, C]> {
    for (let run = this.heap.pop(); run !== undefined; run = this.heap.pop()) run.records.return?.();
    return { value: undefined, done: true };
  }
}

function identity<C>(c: C): C {
  return c;
}
