/**
 * Groups the values of each key across several keyed RDDs (Spark's CoGroupedRDD),
 * the basis of cogroup and the joins. A parent already partitioned by the same
 * partitioner is read through a OneToOneDependency — no shuffle — which is why a
 * join of co-partitioned RDDs is a single stage; the other parents are shuffled.
 *
 * Records are [key, [values of parent 0, values of parent 1, …]].
 */
import { readShuffle } from '../shuffle/shuffle-reader.js';
import { OneToOneDependency, ShuffleDependency, type Dependency } from './dependency.js';
import { KeyedMap } from './grouping-key.js';
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
    const fetched = new Map<number, unknown[]>();
    for (const [i, input] of this.inputs.entries()) {
      if (input.type !== 'shuffle') continue;
      const spec = { shuffleId: input.shuffleId, aggregator: undefined, mapSideCombine: false, keyOrdering: undefined };
      fetched.set(i, await readShuffle(spec, split.index, context));
    }
    setPrepared(context, this.id, split.index, fetched);
  }

  compute(split: Partition, context: TaskContext): Iterator<[K, unknown[][]]> {
    const fetched = getPrepared<Map<number, unknown[]>>(context, this.id, split.index) ?? new Map<number, unknown[]>();
    const n = this.inputs.length;
    const groups = new KeyedMap<unknown[][]>();
    for (const [i, input] of this.inputs.entries()) {
      const records: Iterable<[unknown, unknown]> =
        input.type === 'narrow'
          ? { [Symbol.iterator]: () => this.narrowParent(input.parentIndex).iterator(split, context) }
          : ((fetched.get(i) ?? []) as [unknown, unknown][]);
      for (const [key, value] of records) {
        let group = groups.get(key);
        if (group === undefined) {
          group = Array.from({ length: n }, () => []);
          groups.set(key, group);
        }
        group[i]!.push(value);
      }
    }
    return groups.entries() as Iterator<[K, unknown[][]]>;
  }

  protected planData(): unknown {
    return { partitioner: this.part.toPlan(), inputs: this.inputs, scope: this.scope };
  }
}

registerRddKind('CoGroupedRDD', (plan, parents, context, resolver) => {
  const data = plan.data as { partitioner: PartitionerPlan; inputs: CoGroupInput[]; scope: string };
  const deps = parents.map((p) => new OneToOneDependency(p));
  return new CoGroupedRDD(context, partitionerFromPlan(data.partitioner, resolver), data.inputs, deps, data.scope, plan.id);
});
