/**
 * MapOutputSource of an executor (Spark's MapOutputTrackerWorker): asks the driver
 * once per shuffle and keeps the answer until a task arrives stamped with a higher
 * tracker epoch, which means some map output was lost since. Without the cache every
 * reduce task would cost a driver round trip; without the epoch a reducer could
 * keep fetching from an executor that is gone.
 */
import type { MapOutputSource, MapStatus } from '@kindling/common';
import type { DriverClient } from './driver-client.js';

interface CachedStatuses {
  readonly statuses: readonly MapStatus[];
  readonly epoch: number;
}

export class RemoteMapOutputs implements MapOutputSource {
  private readonly cache = new Map<number, CachedStatuses>();
  private readonly inFlight = new Map<number, Promise<readonly MapStatus[]>>();
  private epoch = 0;

  constructor(private readonly driver: DriverClient) {}

  /** Called with each task's epoch before it runs. */
  updateEpoch(epoch: number): void {
    if (epoch <= this.epoch) return;
    this.epoch = epoch;
    for (const [shuffleId, cached] of this.cache) if (cached.epoch < epoch) this.cache.delete(shuffleId);
  }

  /** Forgets a shuffle whose blocks could not be fetched, so the next attempt asks again. */
  invalidate(shuffleId: number): void {
    this.cache.delete(shuffleId);
  }

  getMapStatuses(shuffleId: number): Promise<readonly MapStatus[]> {
    const cached = this.cache.get(shuffleId);
    if (cached !== undefined) return Promise.resolve(cached.statuses);
    let pending = this.inFlight.get(shuffleId);
    if (pending === undefined) {
      pending = this.driver
        .getMapStatuses(shuffleId)
        .then(({ statuses, epoch }) => {
          if (epoch >= this.epoch) this.cache.set(shuffleId, { statuses, epoch });
          return statuses;
        })
        .finally(() => this.inFlight.delete(shuffleId));
      this.inFlight.set(shuffleId, pending);
    }
    return pending;
  }

  clear(): void {
    this.cache.clear();
  }
}
