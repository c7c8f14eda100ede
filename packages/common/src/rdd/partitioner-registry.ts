/**
 * Rebuilds partitioners from their plans (on executors, and from a checkpoint's
 * `_partitioner`). Each partitioner module registers its kind when imported.
 */
import { InvalidArgumentError } from '../errors/index.js';
import type { FunctionResolver } from '../functions/index.js';
import type { Partitioner, PartitionerPlan } from './partitioner.js';

/** `resolver` resolves function refs a partitioner carries (a range partitioner's key ordering). */
type PartitionerFactory = (plan: PartitionerPlan, resolver?: FunctionResolver) => Partitioner;

const factories = new Map<string, PartitionerFactory>();

export function registerPartitionerKind(kind: string, factory: PartitionerFactory): void {
  factories.set(kind, factory);
}

export function partitionerFromPlan(plan: PartitionerPlan, resolver?: FunctionResolver): Partitioner {
  const factory = factories.get(plan.kind);
  if (factory === undefined) {
    throw new InvalidArgumentError(`Unknown partitioner kind ${plan.kind}; is the module that defines it imported?`);
  }
  return factory(plan, resolver);
}
