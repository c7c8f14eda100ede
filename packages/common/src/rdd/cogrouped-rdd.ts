/**
 * Groups the values of each key across several keyed RDDs (Spark's CoGroupedRDD),
 * the basis of cogroup and the joins. A parent already partitioned by the same
 * partitioner is read through a OneToOneDependency — no shuffle — which is why a
 * join of co-partitioned RDDs is a single stage; the other parents are shuffled.
 *
 * Records are [key, [values of parent 0, values of parent 1, …]], grouped in a
 * spilling map (CoGroups below).
 */
import { ExternalAppendOnlyMap } from '../collection/index.js';
import { fetchShuffleRecords } from '../shuffle/shuffle-reader.js';
import { recordWriteOptions } from '../storage/index.js';
import { OneToOneDependency, ShuffleDependency, type Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import type { Partitioner, PartitionerPlan } from './partitioner.js';
import { partitionerFromPlan } from './partitioner-registry.js';
import { getPrepared, setPrepared } from './prepared.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { RddContext } from './rdd-context.js';
import type { TaskContext } from './task-context.js';

/** How input i is read: from narrow parent `parentIndex`, or from shuffle `shuffleId`. */
export type CoGroupInput = { readonly type: 'narrow'; readonly parentIndex: number } | { readonly type: 'shuffle'; readonly shuffleId: number };

export class CoGroupedRDD<K> extends RDD<[K, unknown[][]]> {
  readonly kind = 'CoGroupedRDD';
  readonly inputs: readonly CoGroupInput[];
  private deps: readonly Dependency<unknown>[];

  /** Driver side: one input per RDD of `rdds`. */
  static of<K>(rdds: readonly RDD<[K, unknown]>[], part: Partitioner, scope = 'cogroup'): CoGroupedRDD<K> {
    const context = rdds[0]!.context;
    const inputs: CoGroupInput[] = [];
    const deps: Dependency<unknown>[] = [];
    const narrowParents: RDD<unknown>[] = [];
    for (const rdd of rdds) {
      if (rdd.partitioner !== undefined && rdd.partitioner.equals(part)) {
        inputs.push({ type: 'narrow', parentIndex: narrowParents.length });
        narrowParents.push(rdd);
        deps.push(new OneToOneDependency(rdd));
      } else {
        const shuffleId = context.newShuffleId();
        inputs.push({ type: 'shuffle', shuffleId });
        deps.push(new ShuffleDependency(rdd as RDD<[unknown, unknown]>, shuffleId, part) as unknown as Dependency<unknown>);
      }
    }
    return new CoGroupedRDD<K>(context, part, inputs, deps, scope);
  }

  constructor(
    context: RddContext,
    private readonly part: Partitioner,
    inputs: readonly CoGroupInput[],
    /** Driver: every dependency; executor: the narrow ones only. */
    deps: readonly Dependency<unknown>[],
    scope: string,
    id?: number,
  ) {
    super(context, scope, id);
    this.inputs = inputs;
    this.deps = deps;
  }

  override get partitioner(): Partitioner {
    return this.part;
  }

  protected getPartitions(): readonly Partition[] {
    return Array.from({ length: this.part.numPartitions }, (_, index) => ({ index }));
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    return this.deps;
  }

  protected override clearDependencies(): void {
    this.deps = [];
  }

  private narrowParent(parentIndex: number): RDD<[unknown, unknown]> {
    return this.deps.filter((d) => d instanceof OneToOneDependency)[parentIndex]!.rdd as RDD<[unknown, unknown]>;
  }

  override async prepare(split: Partition, context: TaskContext): Promise<void> {
    const groups = new CoGroups(this.inputs.length, context);
    for (const [i, input] of this.inputs.entries()) {
      if (input.type !== 'shuffle') continue;
      await fetchShuffleRecords(input.shuffleId, split.index, context, (records) => groups.insertAll(i, records as [unknown, unknown][]));
    }
    setPrepared(context, this.id, split.index, groups);
  }

  compute(split: Partition, context: TaskContext): Iterator<[K, unknown[][]]> {
    const groups = getPrepared<CoGroups>(context, this.id, split.index);
    if (groups === undefined) throw new Error(`CoGroupedRDD[${this.id}] partition ${split.index} was computed before it was prepared`);
    // The narrow inputs are read here, once: a second compute of the partition in the same task reuses the groups.
    if (!groups.narrowRead) {
      groups.narrowRead = true;
      for (const [i, input] of this.inputs.entries()) {
        if (input.type !== 'narrow') continue;
        const records = this.narrowParent(input.parentIndex).iterator(split, context);
        for (let r = records.next(); r.done !== true; r = records.next()) groups.insert(i, r.value);
      }
    }
    return groups.iterator() as Iterator<[K, unknown[][]]>;
  }

  protected planData(): unknown {
    return { partitioner: this.part.toPlan(), inputs: this.inputs, scope: this.scope };
  }
}

/**
 * The groups of one partition: an ExternalAppendOnlyMap whose combiner for a key is
 * one array of values per input, so a cogroup (and a join) larger than the task's
 * memory spills like a groupByKey (Spark's CoGroupedRDD uses the same map).
 */
class CoGroups {
  narrowRead = false;
  private readonly map: ExternalAppendOnlyMap<TaggedValue, unknown[][]>;

  constructor(n: number, context: TaskContext) {
    const empty = (): unknown[][] => Array.from({ length: n }, () => []);
    this.map = new ExternalAppendOnlyMap<TaggedValue, unknown[][]>(
      {
        createCombiner: (tagged) => {
          const group = empty();
          group[tagged.input]!.push(tagged.value);
          return group;
        },
        mergeValue: (group, tagged) => {
          group[tagged.input]!.push(tagged.value);
          return group;
        },
        mergeCombiners: (a, b) => a.map((values, i) => values.concat(b[i]!)),
      },
      context.memory,
      recordWriteOptions(context.env.conf, 'block'),
    );
  }

  insert(input: number, [key, value]: [unknown, unknown]): void {
    this.map.insert(key, { input, value });
  }

  insertAll(input: number, records: readonly [unknown, unknown][]): void {
    for (const record of records) this.insert(input, record);
  }

  iterator(): Iterator<[unknown, unknown[][]]> {
    return this.map.iterator();
  }
}

interface TaggedValue {
  readonly input: number;
  readonly value: unknown;
}

registerRddKind('CoGroupedRDD', (plan, parents, context, resolver) => {
  const data = plan.data as { partitioner: PartitionerPlan; inputs: CoGroupInput[]; scope: string };
  const deps = parents.map((p) => new OneToOneDependency(p));
  return new CoGroupedRDD(context, partitionerFromPlan(data.partitioner, resolver), data.inputs, deps, data.scope, plan.id);
});
