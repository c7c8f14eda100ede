/**
 * Fetches shuffle blocks from this process's own work directory: the in-process
 * backend, where every map output was written by the same process. A block that
 * is missing or unreadable is a FetchFailedError.
 */
import { FetchFailedError, KindlingError } from '../errors/index.js';
import type { MapStatus, ShuffleBlockFetcher } from '../task/index.js';
import { readShuffleBlock } from './shuffle-files.js';

export class LocalShuffleBlockFetcher implements ShuffleBlockFetcher {
  constructor(private readonly workDir: string) {}

  async fetchBlock(status: MapStatus, reduceId: number): Promise<Uint8Array> {
    try {
      return await readShuffleBlock(this.workDir, status.shuffleId, status.mapId, reduceId);
    } catch (error) {
      throw new FetchFailedError(
        `Cannot fetch shuffle ${status.shuffleId} map ${status.mapId} reduce ${reduceId}: ${KindlingError.from(error).message}`,
        status.shuffleId,
        status.mapId,
        reduceId,
        { executorId: status.executorId, cause: error },
      );
    }
  }
}
