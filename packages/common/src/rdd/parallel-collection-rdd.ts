/**
 * An RDD over a driver-side array, cut into slices the way Spark's
 * ParallelCollectionRDD.slice does: slice i holds [i·n/k, (i+1)·n/k).
 */
import { InvalidArgumentError } from '../errors/index.js';
import type { Partition } from './partition.js';
import type { RddContext } from './rdd-context.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

interface ParallelCollectionPartition extends Partition {
  readonly slice: readonly unknown[];
}

export class ParallelCollectionRDD<T> extends RDD<T> {
  readonly kind = 'ParallelCollectionRDD';
  private readonly slices: readonly (readonly T[])[];

  /** `options.slices` (already cut, when rebuilding from a plan) replaces data and numSlices. */
  constructor(
    context: RddContext,
    data: Iterable<T>,
    numSlices: number,
    options: { readonly scope?: string; readonly id?: number; readonly slices?: readonly (readonly T[])[] } = {},
  ) {
    super(context, options.scope ?? 'parallelize', options.id);
    this.slices = options.slices ?? ParallelCollectionRDD.slice(Array.from(data), numSlices);
  }

  /** Spark's positions(length, numSlices): slice i is [floor(i·n/k), floor((i+1)·n/k)). */
  static slice<T>(data: readonly T[], numSlices: number): T[][] {
    if (!Number.isInteger(numSlices) || numSlices < 1) {
      throw new InvalidArgumentError(`Number of slices must be a positive integer, got ${numSlices}; pass numSlices >= 1 to parallelize`);
    }
    const n = data.length;
    const slices: T[][] = [];
    for (let i = 0; i < numSlices; i++) {
      slices.push(data.slice(Math.floor((i * n) / numSlices), Math.floor(((i + 1) * n) / numSlices)));
    }
    return slices;
  }

  protected getPartitions(): readonly Partition[] {
    return this.slices.map((slice, index): ParallelCollectionPartition => ({ index, slice }));
  }

  compute(split: Partition, context: TaskContext): Iterator<T> {
    const slice = (split as ParallelCollectionPartition).slice as readonly T[];
    context.metrics.recordsRead += slice.length;
    return slice[Symbol.iterator]();
  }

  protected planData(): unknown {
    return { slices: this.slices };
  }
}

registerRddKind(
  'ParallelCollectionRDD',
  (plan, _parents, context) =>
    new ParallelCollectionRDD(context, [], 1, { id: plan.id, slices: (plan.data as { slices: unknown[][] }).slices }),
);
