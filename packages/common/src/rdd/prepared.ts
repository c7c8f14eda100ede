/**
 * Per-partition slots in `TaskContext.prepared`. One task can read several
 * partitions of the same RDD (cartesian of an RDD with itself, coalesce), so what
 * `prepare` fetched is keyed by rdd id and then by partition index.
 */
import type { TaskContext } from './task-context.js';

export function setPrepared(context: TaskContext, rddId: number, partitionIndex: number, value: unknown): void {
  let slots = context.prepared.get(rddId) as Map<number, unknown> | undefined;
  if (slots === undefined) {
    slots = new Map();
    context.prepared.set(rddId, slots);
  }
  slots.set(partitionIndex, value);
}

export function getPrepared<V>(context: TaskContext, rddId: number, partitionIndex: number): V | undefined {
  const slots = context.prepared.get(rddId) as Map<number, unknown> | undefined;
  return slots?.get(partitionIndex) as V | undefined;
}
