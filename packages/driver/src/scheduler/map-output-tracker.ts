/**
 * Where every map task's shuffle output lives (Spark's MapOutputTrackerMaster).
 *
 * The DAG scheduler registers a MapStatus as each map task succeeds, and removes
 * statuses whose files are gone (fetch failure, executor lost). Reduce tasks ask for
 * a shuffle's statuses before fetching blocks: this class is the MapOutputSource of
 * in-process executor envs, and the gRPC backend serves it to executor processes.
 *
 * The epoch grows whenever outputs are lost, so that holders of a cached copy of the
 * statuses (executors) know theirs may name files that no longer exist.
 */
import { FetchFailedError, type MapOutputSource, type MapStatus } from '@kindling/common';

class ShuffleStatus {
  readonly mapStatuses: (MapStatus | undefined)[];
  numAvailableOutputs = 0;

  constructor(numMaps: number) {
    this.mapStatuses = new Array<MapStatus | undefined>(numMaps).fill(undefined);
  }
}

export class MapOutputTracker implements MapOutputSource {
  private readonly shuffleStatuses = new Map<number, ShuffleStatus>();
  private epoch = 0;

  registerShuffle(shuffleId: number, numMaps: number): void {
    if (!this.shuffleStatuses.has(shuffleId)) this.shuffleStatuses.set(shuffleId, new ShuffleStatus(numMaps));
  }

  containsShuffle(shuffleId: number): boolean {
    return this.shuffleStatuses.has(shuffleId);
  }

  /** Forgets a shuffle entirely (its files were removed). */
  unregisterShuffle(shuffleId: number): void {
    this.shuffleStatuses.delete(shuffleId);
  }

  registerMapOutput(shuffleId: number, mapId: number, status: MapStatus): void {
    const shuffle = this.shuffleStatuses.get(shuffleId);
    if (shuffle === undefined || mapId < 0 || mapId >= shuffle.mapStatuses.length) return;
    if (shuffle.mapStatuses[mapId] === undefined) shuffle.numAvailableOutputs++;
    shuffle.mapStatuses[mapId] = status;
  }

  /**
   * Removes one map output, but only if it is still the one on `executorId`: a later
   * attempt may already have registered a fresh copy elsewhere, which must be kept.
   */
  unregisterMapOutput(shuffleId: number, mapId: number, executorId: string): void {
    const shuffle = this.shuffleStatuses.get(shuffleId);
    const current = shuffle?.mapStatuses[mapId];
    if (shuffle === undefined || current === undefined || current.executorId !== executorId) return;
    shuffle.mapStatuses[mapId] = undefined;
    shuffle.numAvailableOutputs--;
    this.incrementEpoch();
  }

  /** Drops every output written by an executor whose files are lost; returns how many. */
  removeOutputsOnExecutor(executorId: string): number {
    let removed = 0;
    for (const shuffle of this.shuffleStatuses.values()) {
      for (let mapId = 0; mapId < shuffle.mapStatuses.length; mapId++) {
        if (shuffle.mapStatuses[mapId]?.executorId === executorId) {
          shuffle.mapStatuses[mapId] = undefined;
          shuffle.numAvailableOutputs--;
          removed++;
        }
      }
    }
    if (removed > 0) this.incrementEpoch();
    return removed;
  }

  numAvailableOutputs(shuffleId: number): number {
    return this.shuffleStatuses.get(shuffleId)?.numAvailableOutputs ?? 0;
  }

  /** Map ids without a registered output (all of them for an unknown shuffle). */
  findMissingPartitions(shuffleId: number, numMaps: number): number[] {
    const shuffle = this.shuffleStatuses.get(shuffleId);
    const missing: number[] = [];
    for (let mapId = 0; mapId < numMaps; mapId++) {
      if (shuffle?.mapStatuses[mapId] === undefined) missing.push(mapId);
    }
    return missing;
  }

  /**
   * Every map output of a shuffle, in map id order. Fails like Spark's
   * MetadataFetchFailedException (a FetchFailedError with mapId -1) when some output
   * is missing, so the reduce task reports a fetch failure and the DAG scheduler
   * recomputes the missing map outputs instead of retrying the reducer in vain.
   */
  getStatuses(shuffleId: number): readonly MapStatus[] {
    const shuffle = this.shuffleStatuses.get(shuffleId);
    if (shuffle === undefined) {
      throw new FetchFailedError(`Missing map outputs of shuffle ${shuffleId}: the shuffle is not registered`, shuffleId, -1, -1);
    }
    if (shuffle.numAvailableOutputs < shuffle.mapStatuses.length) {
      const mapId = shuffle.mapStatuses.findIndex((s) => s === undefined);
      throw new FetchFailedError(
        `Missing an output location for shuffle ${shuffleId} map ${mapId} (${shuffle.numAvailableOutputs} of ${shuffle.mapStatuses.length} available)`,
        shuffleId,
        -1,
        -1,
      );
    }
    // A copy: a task holding the list must not see later (un)registrations change it.
    return shuffle.mapStatuses.slice() as MapStatus[];
  }

  getMapStatuses(shuffleId: number): Promise<readonly MapStatus[]> {
    try {
      return Promise.resolve(this.getStatuses(shuffleId));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  getEpoch(): number {
    return this.epoch;
  }

  incrementEpoch(): void {
    this.epoch++;
  }

  /** Shuffle ids known to the tracker; for tests and cleanup. */
  shuffleIds(): number[] {
    return [...this.shuffleStatuses.keys()];
  }
}
