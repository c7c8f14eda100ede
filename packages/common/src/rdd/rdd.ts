/**
 * The RDD contract (Spark's RDD.scala, STYLE.md §1): an RDD is five things —
 * partitions, a compute function, dependencies, an optional partitioner, optional
 * preferred locations. Subclasses implement the `getX` hooks and `compute`; the
 * public accessors cache the results (and, once checkpointing lands, switch to the
 * checkpoint). Transformations and actions live in `ops/` and are installed on
 * the prototype, so that this file stays the contract and nothing else.
 *
 * `compute` is synchronous: it returns an Iterator, which keeps per-record cost to a
 * generator step. Anything that needs I/O (fetching shuffle blocks, reading a
 * checkpoint over HTTP) is done before, in the async `prepare` pass that the task
 * runner makes over the task's lineage, and handed to `compute` through
 * `TaskContext.prepared`.
 */
import { StorageLevel, rddBlockId } from '../storage/index.js';
import type { Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import type { Partitioner } from './partitioner.js';
import type { RddContext } from './rdd-context.js';
import type { TaskContext } from './task-context.js';

/** Plain data that rebuilds an RDD on an executor (see rdd-registry.ts). */
export interface RddPlan {
  readonly kind: string;
  readonly id: number;
  readonly name: string | undefined;
  readonly storageLevel: string;
  /** Ids of the RDDs of this RDD's narrow dependencies, in dependency order; shuffle parents are never shipped. */
  readonly parentIds: readonly number[];
  /** Subclass data: slices, FunctionRefs, shuffle handles, partition counts. Must survive v8.serialize. */
  readonly data: unknown;
}

export abstract class RDD<T> {
  readonly id: number;
  private _name: string | undefined;
  private _storageLevel: StorageLevel = StorageLevel.NONE;
  private cachedPartitions: readonly Partition[] | undefined;
  private cachedDependencies: readonly Dependency<unknown>[] | undefined;
  /** The operation that created this RDD, shown by toDebugString ("map", "reduceByKey"…). */
  readonly scope: string;

  constructor(
    readonly context: RddContext,
    scope: string,
    id?: number,
  ) {
    this.id = id ?? context.newRddId();
    this.scope = scope;
  }

  /** Stable name of this RDD kind, used in plans and toDebugString ("MapPartitionsRDD"). */
  abstract readonly kind: string;

  // ---- hooks for subclasses -------------------------------------------------

  protected abstract getPartitions(): readonly Partition[];

  protected getDependencies(): readonly Dependency<unknown>[] {
    return [];
  }

  abstract compute(split: Partition, context: TaskContext): Iterator<T>;

  /** Async I/O this RDD needs before `compute` of `split` (see the file comment). */
  prepare(_split: Partition, _context: TaskContext): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Driver-side work this RDD needs before any job computes it: sampling a range
   * partitioner's bounds (sortByKey), counting partitions (zipWithIndex). Spark does
   * these eagerly, in the transformation itself, with a blocking job; a JavaScript
   * transformation cannot block, so they run here, awaited by `prepareForJob`
   * (driver-prepare.ts) before a job is submitted. Must be idempotent.
   */
  prepareOnDriver(): Promise<void> {
    return Promise.resolve();
  }

  getPreferredLocations(_split: Partition): readonly string[] {
    return [];
  }

  get partitioner(): Partitioner | undefined {
    return undefined;
  }

  /** Subclass data for the plan (see RddPlan.data). */
  protected abstract planData(): unknown;

  // ---- final accessors ------------------------------------------------------

  get partitions(): readonly Partition[] {
    if (this.cachedPartitions === undefined) this.computeLineagePartitions();
    return this.cachedPartitions!;
  }

  /**
   * Fills the partitions of this RDD's uncomputed ancestors, parents before
   * children, so that no `getPartitions` recurses down a long lineage (a stream's
   * thousands of maps would overflow the call stack). Walks with an explicit stack.
   */
  private computeLineagePartitions(): void {
    const order: RDD<unknown>[] = [];
    const seen = new Set<RDD<unknown>>();
    const stack: Array<[RDD<unknown>, boolean]> = [[this, false]];
    while (stack.length > 0) {
      const [rdd, expanded] = stack.pop()!;
      if (expanded) {
        order.push(rdd);
        continue;
      }
      if (rdd.cachedPartitions !== undefined || seen.has(rdd)) continue;
      seen.add(rdd);
      stack.push([rdd, true]);
      for (const dep of rdd.dependencies) stack.push([dep.rdd, false]);
    }
    for (const rdd of order) rdd.cachedPartitions ??= rdd.getPartitions();
  }

  get dependencies(): readonly Dependency<unknown>[] {
    this.cachedDependencies ??= this.getDependencies();
    return this.cachedDependencies;
  }

  getNumPartitions(): number {
    return this.partitions.length;
  }

  get name(): string | undefined {
    return this._name;
  }

  setName(name: string): this {
    this._name = name;
    return this;
  }

  get storageLevel(): StorageLevel {
    return this._storageLevel;
  }

  /**
   * Sets the storage level; used by `persist` (ops) and when rebuilding from a plan.
   * Not for users: `persist` also checks that a level is not changed once set.
   */
  assignStorageLevel(level: StorageLevel): void {
    this._storageLevel = level;
  }

  /**
   * The records of `split`, read from the block manager when this RDD is persisted
   * and the block is there (the task runner prefetched it during the prepare pass),
   * otherwise computed — and stored when persisted. Parents are read through
   * `iterator`, never `compute`, so a cached parent is never recomputed.
   */
  iterator(split: Partition, context: TaskContext): Iterator<T> {
    const level = this._storageLevel;
    if (!level.isValid) return this.compute(split, context);
    const blocks = context.blocks;
    const blockId = rddBlockId(this.id, split.index);
    const cached = blocks.read(blockId);
    if (cached !== undefined) return (cached as readonly T[])[Symbol.iterator]();
    // Spark's MemoryStore unrolls the whole partition before storing it; so do we,
    // which also means a later consumer that stops early (take) still caches all of it.
    const records = Array.from(iteratorToIterable(this.compute(split, context)));
    blocks.write(blockId, records, level);
    return records[Symbol.iterator]();
  }

  toPlan(): RddPlan {
    return {
      kind: this.kind,
      id: this.id,
      name: this._name,
      storageLevel: this._storageLevel.name,
      parentIds: this.narrowParentIds(),
      data: this.planData(),
    };
  }

  protected narrowParentIds(): readonly number[] {
    return this.dependencies.filter((d) => 'getParents' in d).map((d) => d.rdd.id);
  }

  /** Spark's form: `[name ]Kind[id] at scope`, as toDebugString shows it. */
  toString(): string {
    return `${this._name === undefined ? '' : `${this._name} `}${this.kind}[${this.id}] at ${this.scope}`;
  }
}

function iteratorToIterable<T>(iterator: Iterator<T>): Iterable<T> {
  return Symbol.iterator in iterator ? (iterator as Iterable<T>) : { [Symbol.iterator]: () => iterator };
}
