/**
 * Spark's RangePartitioner: keys go to partitions by sorted ranges, so that sorting
 * each partition sorts the whole RDD (sortByKey). The range bounds are sampled from
 * the data by a job — Spark's sketch: a reservoir sample of keys from every input
 * partition, each sampled key weighted by how many records it stands for, and
 * bounds chosen at equal steps of cumulative weight.
 *
 * Spark samples in the constructor with a blocking job; here `sampleBounds` runs
 * from the sorted RDD's `prepareOnDriver`, before the first job that needs it. The
 * number of partitions is the requested one; when the data has fewer distinct keys
 * than that, the last partitions stay empty.
 *
 * Two range partitioners are equal when their bounds, direction and ordering are.
 */
import { InvalidArgumentError, KindlingError, ErrorCode } from '../errors/index.js';
import { builtinRef, registerBuiltin, type FunctionRef, type FunctionResolver } from '../functions/index.js';
import { prepareForJob } from './driver-prepare.js';
import { canonicalKey } from './grouping-key.js';
import { compareKeys } from './key-ordering.js';
import { Partitioner, type PartitionerPlan } from './partitioner.js';
import { registerPartitionerKind } from './partitioner-registry.js';
import type { RDD } from './rdd.js';

type Compare = (a: unknown, b: unknown) => number;

interface RangePlanData {
  readonly bounds: readonly unknown[];
  readonly ascending: boolean;
  readonly ordering: FunctionRef | undefined;
}

interface PartitionSample {
  readonly count: number;
  readonly sample: readonly unknown[];
}

export class RangePartitioner extends Partitioner {
  private bounds: readonly unknown[] | undefined;
  private readonly compare: Compare;

  /**
   * `rdd` is the keyed RDD to sample (driver side); `ordering` a ref to a key
   * comparator, with `compare` the same function resolved here (natural key order
   * when both are undefined).
   */
  constructor(
    readonly numPartitions: number,
    private readonly rdd: RDD<[unknown, unknown]> | undefined,
    readonly ascending = true,
    readonly ordering: FunctionRef | undefined = undefined,
    compare?: Compare,
    bounds?: readonly unknown[],
  ) {
    super();
    if (!Number.isInteger(numPartitions) || numPartitions < 1) {
      throw new InvalidArgumentError(`Number of partitions (${numPartitions}) must be a positive integer`);
    }
    this.compare = compare ?? compareKeys;
    this.bounds = bounds;
  }

  get isSampled(): boolean {
    return this.bounds !== undefined;
  }

  get rangeBounds(): readonly unknown[] {
    if (this.bounds === undefined) {
      throw new KindlingError(ErrorCode.Internal, 'RangePartitioner bounds were not sampled; run prepareForJob(rdd) before submitting a job');
    }
    return this.bounds;
  }

  override prepare(): Promise<void> {
    return this.sampleBounds();
  }

  /** Runs the sampling job (once) and fixes the bounds. */
  async sampleBounds(): Promise<void> {
    if (this.bounds !== undefined) return;
    const rdd = this.rdd;
    if (rdd === undefined || this.numPartitions <= 1) {
      this.bounds = [];
      return;
    }
    // Spark's sizes: about 20 keys per output partition, 3x oversampled, spread over input partitions.
    const sampleSize = Math.min(20 * this.numPartitions, 1e6);
    const perPartition = Math.ceil((3 * sampleSize) / Math.max(rdd.getNumPartitions(), 1));
    await prepareForJob(rdd);
    const samples = await rdd.context.runJob<PartitionSample>(rdd, builtinRef('rdd.sampleKeys', perPartition, rdd.id));
    const candidates: Array<[unknown, number]> = [];
    for (const { count, sample } of samples) {
      if (sample.length === 0) continue;
      const weight = count / sample.length;
      for (const key of sample) candidates.push([key, weight]);
    }
    this.bounds = determineBounds(candidates, this.numPartitions, this.compare);
  }

  getPartition(key: unknown): number {
    const bounds = this.rangeBounds;
    // Binary search: the first bound >= key.
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(bounds[mid], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return this.ascending ? lo : bounds.length - lo;
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof RangePartitioner) || !this.isSampled || !other.isSampled) return false;
    return (
      other.numPartitions === this.numPartitions &&
      other.ascending === this.ascending &&
      canonicalKey(other.ordering ?? null) === canonicalKey(this.ordering ?? null) &&
      canonicalKey(other.rangeBounds) === canonicalKey(this.rangeBounds)
    );
  }

  toPlan(): PartitionerPlan {
    const data: RangePlanData = { bounds: this.rangeBounds, ascending: this.ascending, ordering: this.ordering };
    return { kind: 'range', numPartitions: this.numPartitions, data };
  }

  override toString(): string {
    return `RangePartitioner(${this.numPartitions})`;
  }
}

/**
 * Spark's RangePartitioner.determineBounds: walks the weighted candidates in key
 * order and cuts a bound each time the cumulative weight passes the next multiple
 * of total / partitions, never repeating a key.
 */
export function determineBounds(candidates: Array<[unknown, number]>, partitions: number, compare: Compare): unknown[] {
  const ordered = candidates.sort((a, b) => compare(a[0], b[0]));
  const total = ordered.reduce((sum, [, w]) => sum + w, 0);
  const step = total / partitions;
  const bounds: unknown[] = [];
  let cumulative = 0;
  let target = step;
  let previous: unknown;
  for (const [key, weight] of ordered) {
    if (bounds.length >= partitions - 1) break;
    cumulative += weight;
    if (cumulative >= target) {
      if (bounds.length === 0 || compare(key, previous) > 0) {
        bounds.push(key);
        target += step;
        previous = key;
      }
    }
  }
  return bounds;
}

/** Reservoir sampling of `size` keys per partition, seeded by partition so reruns agree. */
registerBuiltin('rdd.sampleKeys', (size: number, seed: number) => (records: Iterator<[unknown, unknown]>, context: { partitionId: number }): PartitionSample => {
  const random = seededRandom(seed * 0x9e3779b1 + context.partitionId);
  const sample: unknown[] = [];
  let count = 0;
  for (let r = records.next(); !r.done; r = records.next()) {
    if (sample.length < size) sample.push(r.value[0]);
    else {
      const j = Math.floor(random() * (count + 1));
      if (j < size) sample[j] = r.value[0];
    }
    count++;
  }
  return { count, sample };
});

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

registerPartitionerKind('range', (plan, resolver?: FunctionResolver) => {
  const data = plan.data as RangePlanData;
  const compare = data.ordering === undefined ? undefined : resolver?.resolve<Compare>(data.ordering);
  if (data.ordering !== undefined && compare === undefined) {
    throw new KindlingError(ErrorCode.Internal, 'A range partitioner with a custom ordering needs a function resolver to be rebuilt');
  }
  return new RangePartitioner(plan.numPartitions, undefined, data.ascending, data.ordering, compare, data.bounds);
});
