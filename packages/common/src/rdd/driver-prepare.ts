/**
 * Runs the driver-side preparation (RDD.prepareOnDriver) of every RDD in a job's
 * lineage, ancestors first: a sortByKey over a sortByKey must sample the inner
 * one's bounds before its own sampling job can run. `RddContext.runJob` calls this
 * before submitting any job; it is idempotent and cheap once done.
 *
 * Walks with an explicit stack (long lineages must not overflow the call stack) and
 * stops at RDDs already prepared: their ancestors were prepared before them.
 */
import type { RDD } from './rdd.js';

const prepared = new WeakSet<RDD<unknown>>();

export async function prepareForJob(root: RDD<unknown>): Promise<void> {
  if (prepared.has(root)) return;
  const order: RDD<unknown>[] = [];
  const seen = new Set<number>();
  const stack: Array<{ rdd: RDD<unknown>; expanded: boolean }> = [{ rdd: root, expanded: false }];
  while (stack.length > 0) {
    const { rdd, expanded } = stack.pop()!;
    if (expanded) {
      order.push(rdd);
      continue;
    }
    if (seen.has(rdd.id) || prepared.has(rdd)) continue;
    seen.add(rdd.id);
    stack.push({ rdd, expanded: true });
    for (const dep of rdd.dependencies) stack.push({ rdd: dep.rdd, expanded: false });
  }
  for (const rdd of order) {
    await rdd.prepareOnDriver();
    prepared.add(rdd);
  }
}
