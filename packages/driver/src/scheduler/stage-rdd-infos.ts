/**
 * The RDD graph of a stage, as listeners are told it at submission (Spark's
 * StageInfo.rddInfos plus the edges Spark's RDDOperationGraph draws): every RDD the
 * stage's tasks compute, from the stage's final RDD back through narrow
 * dependencies, stopping at shuffle reads (other stages) and at checkpointed RDDs,
 * whose only parent is now their checkpoint RDD — which is how the UI shows the cut.
 */
import { ShuffleDependency, type RDD } from '@kindling/common';
import type { RddInfo } from './kindling-listener.js';

/** Walks with an explicit stack: a stream's lineage can be thousands of RDDs long. */
export function stageRddInfos(finalRdd: RDD<unknown>): RddInfo[] {
  const infos: RddInfo[] = [];
  const visited = new Set<number>();
  const waitingForVisit: RDD<unknown>[] = [finalRdd];
  while (waitingForVisit.length > 0) {
    const rdd = waitingForVisit.pop()!;
    if (visited.has(rdd.id)) continue;
    visited.add(rdd.id);
    const parentIds: number[] = [];
    const shuffleParentIds: number[] = [];
    for (const dep of rdd.dependencies) {
      if (dep instanceof ShuffleDependency) {
        shuffleParentIds.push(dep.rdd.id);
      } else {
        parentIds.push(dep.rdd.id);
        waitingForVisit.push(dep.rdd as RDD<unknown>);
      }
    }
    infos.push(rddInfo(rdd, parentIds, shuffleParentIds));
  }
  return infos.sort((a, b) => a.id - b.id);
}

function rddInfo(rdd: RDD<unknown>, parentIds: number[], shuffleParentIds: number[]): RddInfo {
  const level = rdd.storageLevel;
  const checkpointFile = rdd.getCheckpointFile();
  return {
    id: rdd.id,
    name: rdd.name ?? rdd.scope,
    kind: rdd.kind,
    scope: rdd.scope,
    parentIds,
    shuffleParentIds,
    numPartitions: rdd.partitions.length,
    storageLevel: level.isValid ? level.description : '',
    cached: level.isValid,
    checkpointMarked: rdd.checkpointData !== undefined,
    checkpointed: rdd.isCheckpointed(),
    ...(checkpointFile === undefined ? {} : { checkpointFile }),
  };
}
