/**
 * When checkpoints happen (Spark's RDD.doCheckpoint, called by SparkContext.runJob
 * after every job): the marked RDDs of the job's lineage are checkpointed once the job
 * has ended. By default only the first marked RDD on each path from the job's RDD is
 * (Spark's `checkpointAllMarkedAncestors` = false): a marked ancestor of a marked RDD
 * would be cut off by its descendant's checkpoint anyway.
 *
 * The driver (KindlingContext.runJob) calls `claimCheckpoints` before submitting the
 * job — so that the job's tasks write those RDDs as they compute them — and
 * `runCheckpoints` after it.
 */
import type { RDD } from './rdd.js';
import type { CheckpointServices, RDDCheckpointData } from './rdd-checkpoint-data.js';

/**
 * The checkpoints a job over `root` completes, ancestors first; each is claimed for
 * the job. Walks with an explicit stack: lineages can be thousands of RDDs long.
 */
export function claimCheckpoints(root: RDD<unknown>, allMarkedAncestors: boolean): RDDCheckpointData<unknown>[] {
  const claimed: RDDCheckpointData<unknown>[] = [];
  const visited = new Set<RDD<unknown>>();
  const waitingForVisit: RDD<unknown>[] = [root];
  while (waitingForVisit.length > 0) {
    const rdd = waitingForVisit.pop()!;
    if (visited.has(rdd)) continue;
    visited.add(rdd);
    const data = rdd.checkpointData;
    if (data !== undefined) {
      // A checkpointed RDD's lineage ends at its checkpoint; one in progress belongs to another job.
      if (data.state !== 'Initialized') continue;
      data.claimForJob();
      claimed.push(data);
      if (!allMarkedAncestors) continue;
    }
    for (const dep of rdd.dependencies) waitingForVisit.push(dep.rdd);
  }
  // RDD ids grow as RDDs are defined, so a parent's id is below its children's.
  return claimed.sort((a, b) => a.rdd.id - b.rdd.id);
}

/** Checkpoints each in turn (ancestors first, so a descendant's follow-up job can read its ancestors' files). */
export async function runCheckpoints(checkpoints: readonly RDDCheckpointData<unknown>[], services: CheckpointServices): Promise<void> {
  for (const data of checkpoints) await data.checkpoint(services);
}
