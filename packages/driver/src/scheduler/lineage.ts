/**
 * Walks over RDD lineage for the DAG scheduler. Every walk uses an explicit stack
 * and a visited set: iterative jobs build lineages thousands of RDDs deep, which
 * would overflow the call stack if walked recursively (Spark's users hit
 * StackOverflowError there, and Spark rewrote these walks the same way).
 */
import { NarrowDependency, ShuffleDependency, type RDD } from '@kindling/common';
import type { TaskLocation } from './task-set.js';

type AnyRdd = RDD<unknown>;
type AnyShuffleDependency = ShuffleDependency<unknown, unknown, unknown>;

/**
 * The shuffle dependencies reachable from `rdd` through narrow dependencies only:
 * the immediate parents of the stage that computes `rdd`.
 */
export function getShuffleDependencies(rdd: AnyRdd): AnyShuffleDependency[] {
  return narrowAncestors(rdd).flatMap((ancestor) =>
    ancestor.dependencies.filter((dep): dep is AnyShuffleDependency => dep instanceof ShuffleDependency),
  );
}

/**
 * Every shuffle dependency in the lineage of `rdd` (through shuffles too) for which
 * `isRegistered` is false, ancestors first, so that creating their stages in this
 * order always finds a stage's parents already created.
 */
export function getMissingAncestorShuffleDependencies(rdd: AnyRdd, isRegistered: (shuffleId: number) => boolean): AnyShuffleDependency[] {
  const ancestors: AnyShuffleDependency[] = [];
  const seen = new Set<number>();
  const visited = new Set<AnyRdd>();
  const waitingForVisit: AnyRdd[] = [rdd];
  while (waitingForVisit.length > 0) {
    const toVisit = waitingForVisit.pop()!;
    if (visited.has(toVisit)) continue;
    visited.add(toVisit);
    for (const dep of getShuffleDependencies(toVisit)) {
      if (isRegistered(dep.shuffleId) || seen.has(dep.shuffleId)) continue;
      seen.add(dep.shuffleId);
      ancestors.push(dep);
      waitingForVisit.push(dep.rdd as AnyRdd);
    }
  }
  // Found nearest first; a stage needs its own parents created before it.
  return ancestors.reverse();
}

/**
 * Where partition `partition` of `rdd` would best be computed (Spark's
 * getPreferredLocs): the executors holding it cached, else the RDD's own preferred
 * hosts, else those of the first narrow parent partition that has any. Shuffle
 * parents give no preference (their blocks come from every map output).
 */
export function getPreferredLocs(
  rdd: AnyRdd,
  partition: number,
  cacheLocations: (rdd: AnyRdd, partition: number) => readonly string[],
): TaskLocation[] {
  const visited = new Set<string>();
  const waitingForVisit: Array<[AnyRdd, number]> = [[rdd, partition]];
  while (waitingForVisit.length > 0) {
    const [current, p] = waitingForVisit.pop()!;
    const key = `${current.id}:${p}`;
    if (visited.has(key)) continue;
    visited.add(key);
    const cached = cacheLocations(current, p);
    if (cached.length > 0) return cached.map((executorId) => ({ kind: 'executor', executorId }));
    const split = current.partitions[p];
    const hosts = split === undefined ? [] : current.getPreferredLocations(split);
    if (hosts.length > 0) return hosts.map((host) => ({ kind: 'host', host }));
    // Pushed in reverse so that the first dependency's first parent is looked at first,
    // as Spark's recursive version does.
    const next: Array<[AnyRdd, number]> = [];
    for (const dep of current.dependencies) {
      if (dep instanceof NarrowDependency) {
        for (const parentPartition of dep.getParents(p)) next.push([dep.rdd as AnyRdd, parentPartition]);
      }
    }
    for (let i = next.length - 1; i >= 0; i--) waitingForVisit.push(next[i]!);
  }
  return [];
}

/** Every RDD in the lineage of `rdd` within its stage (narrow dependencies only), `rdd` included. */
export function narrowAncestors(rdd: AnyRdd): AnyRdd[] {
  const out: AnyRdd[] = [];
  const visited = new Set<AnyRdd>();
  const waitingForVisit: AnyRdd[] = [rdd];
  while (waitingForVisit.length > 0) {
    const toVisit = waitingForVisit.pop()!;
    if (visited.has(toVisit)) continue;
    visited.add(toVisit);
    out.push(toVisit);
    for (const dep of toVisit.dependencies) {
      if (!(dep instanceof ShuffleDependency)) waitingForVisit.push(dep.rdd as AnyRdd);
    }
  }
  return out;
}
