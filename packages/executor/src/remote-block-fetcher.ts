/**
 * Remote block reads of a task thread (Spark's BlockManager.getRemoteBytes): asks
 * the driver which executors hold a cached block, then fetches it from one of them
 * with ExecutorService.FetchBlock. Holders are tried in random order, so the tasks
 * that all missed the same block do not all queue on one executor. Any failure —
 * the driver's answer is stale, the holder evicted the block or is gone — moves on
 * to the next holder, and with none left the task recomputes the block, which is
 * always correct: a remote read is an optimisation, never a requirement.
 *
 * This executor itself may be among the holders: another of its task threads may
 * hold the block in memory, and asking our own ExecutorService reaches that thread.
 */
import {
  ClientPool,
  callPolicies,
  collectChunks,
  kindlingProto,
  withRetry,
  type ExecutorServiceClient,
  type Logger,
  type RemoteBlock,
  type RemoteBlockSource,
  type RpcSecurity,
} from '@kindling/common';
import type { DriverClient } from './driver-client.js';

export class RemoteBlockFetcher implements RemoteBlockSource {
  private readonly clients: ClientPool<ExecutorServiceClient>;

  constructor(
    private readonly driver: DriverClient,
    private readonly appId: string,
    private readonly security: RpcSecurity,
    private readonly logger: Logger,
  ) {
    this.clients = new ClientPool(kindlingProto().ExecutorService, security);
  }

  async fetchBlock(blockId: string): Promise<RemoteBlock | undefined> {
    let locations: Array<{ executorId: string; address: string }>;
    try {
      locations = await this.driver.getBlockLocations(blockId);
    } catch (error) {
      this.logger.warn({ err: error, blockId }, `could not ask the driver where ${blockId} is; recomputing it`);
      return undefined;
    }
    for (const { executorId, address } of shuffled(locations)) {
      try {
        const bytes = await withRetry(
          callPolicies.fetchBlock,
          `Fetching block ${blockId} from executor ${executorId} at ${address}`,
          (deadline) => collectChunks(this.clients.get(address).fetchBlock({ blockId }, this.security.callMetadata(this.appId), { deadline }), `block ${blockId}`),
          { logger: this.logger },
        );
        return { bytes, executorId };
      } catch (error) {
        this.logger.debug({ err: error, blockId, executorId }, `executor ${executorId} could not give ${blockId}`);
      }
    }
    return undefined;
  }

  close(): void {
    this.clients.close();
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
