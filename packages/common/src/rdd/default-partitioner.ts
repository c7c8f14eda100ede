/**
 * Spark's Partitioner.defaultPartitioner: which partitioner a key-based operation
 * over `rdds` uses when the caller names none. An existing partitioner of the
 * parents is reused — so the result is co-partitioned with them and no shuffle is
 * needed on that side — when it has the most partitions among them and is not much
 * smaller than the largest parent (within an order of magnitude, as Spark checks);
 * otherwise a HashPartitioner with `kindling.default.parallelism` partitions, or
 * the largest parent's partition count.
 */
import { InvalidArgumentError } from '../errors/index.js';
import { HashPartitioner } from './hash-partitioner.js';
import { Partitioner } from './partitioner.js';
import type { RDD } from './rdd.js';

export function defaultPartitioner(rdd: RDD<unknown>, ...others: RDD<unknown>[]): Partitioner {
  const rdds = [rdd, ...others];
  const maxPartitions = Math.max(...rdds.map((r) => r.getNumPartitions()));
  const withPartitioner = rdds.filter((r) => r.partitioner !== undefined && r.partitioner.numPartitions > 0);
  const best = withPartitioner.reduce<RDD<unknown> | undefined>(
    (a, b) => (a === undefined || b.getNumPartitions() > a.getNumPartitions() ? b : a),
    undefined,
  );
  const conf = rdd.context.conf;
  const defaultNum = conf.contains('kindling.default.parallelism') ? rdd.context.defaultParallelism : maxPartitions;
  if (best !== undefined && (isEligible(best.partitioner!, maxPartitions) || defaultNum <= best.getNumPartitions())) {
    return best.partitioner!;
  }
  return new HashPartitioner(Math.max(defaultNum, 1));
}

function isEligible(partitioner: Partitioner, maxPartitions: number): boolean {
  return Math.log10(maxPartitions) - Math.log10(partitioner.numPartitions) < 1;
}

/** Accepts what the API takes for "how to partition": a count, a partitioner, or nothing (the default). */
export function toPartitioner(spec: number | Partitioner | undefined, rdd: RDD<unknown>, ...others: RDD<unknown>[]): Partitioner {
  if (spec instanceof Partitioner) return spec;
  if (spec === undefined) return defaultPartitioner(rdd, ...others);
  if (!Number.isInteger(spec) || spec < 1) {
    throw new InvalidArgumentError(`Number of partitions must be a positive integer, got ${spec}`);
  }
  return new HashPartitioner(spec);
}
