/**
 * The RDD contract (Spark's RDD.scala, STYLE.md §1): an RDD is five things —
 * partitions, a compute function, dependencies, an optional partitioner, optional
 * preferred locations. Subclasses implement the `getX` hooks and `compute`; the
 * public accessors cache the results, and switch to the checkpoint once the RDD is
 * checkpointed (`markCheckpointed`): from then on its only dependency is a one-to-one
 * dependency on the checkpoint RDD, and its plan ships as that RDD. Transformations
 * and actions live in `ops/` and are installed on the prototype, so that this file
 * stays the contract and nothing else.
 *
 * `compute` is synchronous: it returns an Iterator, which keeps per-record cost to a
 * generator step. Anything that needs I/O (fetching shuffle blocks, reading a
 * checkpoint over HTTP) is done before, in the async `prepare` pass that the task
 * runner makes over the task's lineage, and handed to `compute` through
 * `TaskContext.prepared`.
 */
import type { CheckpointTeeSpec } from '../checkpoint/partition-tee.js';
import { checkpointTeeFor } from './task-checkpoint-tees.js';
import { KindlingError, ErrorCode } from '../errors/index.js';
import { StorageLevel, rddBlockId } from '../storage/index.js';
import { OneToOneDependency, type Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import type { Partitioner } from './partitioner.js';
import type { RDDCheckpointData } from './rdd-checkpoint-data.js';
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
  /** Set while the RDD is being checkpointed: tasks computing it write each partition to these files too. */
  readonly checkpoint?: CheckpointTeeSpec;
}

export abstract class RDD<T> {
  readonly id: number;
  private _name: string | undefined;
  private _storageLevel: StorageLevel = StorageLevel.NONE;
  private cachedPartitions: readonly Partition[] | undefined;
  private cachedDependencies: readonly Dependency<unknown>[] | undefined;
  /** The operation that created this RDD, shown by toDebugString ("map", "reduceByKey"…). */
  readonly scope: string;
  /**
   * Internal: how this RDD is checkpointed, once `checkpoint()` or `localCheckpoint()`
   * marked it (ops/checkpoint.ts); undefined for an RDD never marked.
   */
  checkpointData: RDDCheckpointData<T> | undefined;

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

  /**
   * Cuts the lineage once the checkpoint is written (Spark's markCheckpointed): the
   * partitions become the checkpoint RDD's, and the only dependency a one-to-one
   * dependency on it, so no scheduler walk, plan or debug string goes further.
   */
  markCheckpointed(): void {
    const checkpointRdd = this.checkpointData?.checkpointRDD;
    if (checkpointRdd === undefined) {
      throw new KindlingError(ErrorCode.Internal, `markCheckpointed called on ${this.toString()}, which has no checkpoint RDD`);
    }
    this.cachedPartitions = checkpointRdd.partitions;
    this.cachedDependencies = [new OneToOneDependency<unknown>(checkpointRdd)];
    this.clearDependencies();
  }

  /**
   * Drops this RDD's own references to its parents once the checkpoint has replaced
   * them (Spark's clearDependencies, called by markCheckpointed). Without it a
   * stream's checkpointed state RDD would keep its whole lineage alive — every
   * earlier batch's RDDs and, through their ShuffleDependencies, their shuffles,
   * which the context cleaner could then never remove. A subclass that holds a
   * parent overrides this; what it answers from a parent afterwards (its
   * partitioner) it keeps before letting go.
   */
  protected clearDependencies(): void {
    // Leaves (parallelize, textFile, checkpoint RDDs) hold no parent.
  }

  /** A parent a subclass dropped in clearDependencies; reading it afterwards is a bug. */
  protected parentOf<P>(parent: P | undefined): P {
    if (parent === undefined) {
      throw new KindlingError(ErrorCode.Internal, `${this.toString()} no longer has its parents: they were dropped when it was checkpointed`);
    }
    return parent;
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
    if (!level.isValid) return this.computeOrReadCheckpoint(split, context);
    const blocks = context.blocks;
    const blockId = rddBlockId(this.id, split.index);
    const cached = blocks.read(blockId);
    if (cached !== undefined) {
      // Cached before it was marked: the checkpoint file is written from the block, not recomputed.
      checkpointTeeFor(context, this.id, split.index)?.writeAll(cached);
      return (cached as readonly T[])[Symbol.iterator]();
    }
    // Spark's MemoryStore unrolls the whole partition before storing it; so do we,
    // which also means a later consumer that stops early (take) still caches all of it.
    const records = Array.from(iteratorToIterable(this.computeOrReadCheckpoint(split, context)));
    blocks.write(blockId, records, level);
    return records[Symbol.iterator]();
  }

  /**
   * The checkpoint's records once checkpointed; otherwise `compute`, teed into the
   * checkpoint file when this task is writing this RDD's checkpoint (the plan said so).
   */
  private computeOrReadCheckpoint(split: Partition, context: TaskContext): Iterator<T> {
    const checkpointRdd = this.checkpointData?.checkpointRDD;
    if (checkpointRdd !== undefined) return checkpointRdd.iterator(split, context);
    const tee = checkpointTeeFor(context, this.id, split.index);
    const records = this.compute(split, context);
    return tee === undefined ? records : tee.wrap(records);
  }

  toPlan(): RddPlan {
    const checkpointRdd = this.checkpointData?.checkpointRDD;
    if (checkpointRdd !== undefined) {
      // A checkpointed RDD ships as its checkpoint RDD under its own id (so children
      // and cached blocks still name it): executors read the files, or the local
      // blocks, and never re-apply this RDD's function.
      return {
        kind: checkpointRdd.kind,
        id: this.id,
        name: this._name,
        storageLevel: this._storageLevel.name,
        parentIds: [],
        data: checkpointRdd.planData(),
      };
    }
    const checkpoint = this.checkpointData?.teeSpec();
    return {
      kind: this.kind,
      id: this.id,
      name: this._name,
      storageLevel: this._storageLevel.name,
      parentIds: this.narrowParentIds(),
      data: this.planData(),
      ...(checkpoint === undefined ? {} : { checkpoint }),
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
