/**
 * ShuffleBlockFetcher of an executor: blocks this executor wrote are read from its
 * own work directory; others are fetched from the executor that holds them with
 * ExecutorService.FetchShuffleBlocks. Requests to the same peer made in the same
 * turn of the event loop (the shuffle reader starts several at once) travel in one
 * call. A block that cannot be had after the retry policy is a FetchFailedError
 * naming the shuffle, map and reduce ids and the executor, so the DAG scheduler
 * recomputes that map output.
 */
import {
  ChunkAssembler,
  ClientPool,
  ErrorCode,
  FetchFailedError,
  KindlingError,
  callPolicies,
  kindlingProto,
  readShuffleBlock,
  withRetry,
  type ExecutorServiceClient,
  type Logger,
  type MapStatus,
  type RpcSecurity,
  type ShuffleBlockChunk__Output,
  type ShuffleBlockFetcher,
} from '@kindling/common';

interface PendingBlock {
  readonly status: MapStatus;
  readonly reduceId: number;
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (error: unknown) => void;
}

export interface GrpcShuffleBlockFetcherOptions {
  readonly executorId: string;
  readonly workDir: string;
  readonly appId: string;
  readonly security: RpcSecurity;
  readonly logger: Logger;
  /** Called when a peer's blocks could not be fetched (the map statuses naming it are stale). */
  readonly onFetchFailure?: (shuffleId: number) => void;
}

export class GrpcShuffleBlockFetcher implements ShuffleBlockFetcher {
  private readonly clients: ClientPool<ExecutorServiceClient>;
  private readonly queued = new Map<string, PendingBlock[]>();
  /** Blocks already resolved or rejected; a retry asks only for the others. */
  private readonly settled = new WeakSet<PendingBlock>();

  constructor(private readonly options: GrpcShuffleBlockFetcherOptions) {
    this.clients = new ClientPool(kindlingProto().ExecutorService, options.security);
  }

  async fetchBlock(status: MapStatus, reduceId: number): Promise<Uint8Array> {
    if (status.executorId === this.options.executorId) {
      try {
        return await readShuffleBlock(this.options.workDir, status.shuffleId, status.mapId, reduceId);
      } catch (error) {
        throw this.fetchFailed(status, reduceId, error);
      }
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      let queue = this.queued.get(status.address);
      if (queue === undefined) {
        queue = [];
        this.queued.set(status.address, queue);
        const address = status.address;
        queueMicrotask(() => {
          const batch = this.queued.get(address) ?? [];
          this.queued.delete(address);
          void this.fetchRemote(address, batch);
        });
      }
      queue.push({ status, reduceId, resolve, reject });
    });
  }

  private async fetchRemote(address: string, batch: readonly PendingBlock[]): Promise<void> {
    let remaining = batch;
    const what = `shuffle blocks from executor ${batch[0]?.status.executorId ?? '?'} at ${address}`;
    try {
      await withRetry(
        callPolicies.fetchShuffleBlocks,
        `Fetching ${what}`,
        async (deadline) => {
          remaining = remaining.filter((b) => !this.settled.has(b));
          await this.streamBlocks(address, remaining, deadline);
        },
        { logger: this.options.logger },
      );
    } catch (error) {
      this.clients.evict(address);
      for (const block of batch) {
        if (this.settled.has(block)) continue;
        this.settled.add(block);
        this.options.onFetchFailure?.(block.status.shuffleId);
        block.reject(this.fetchFailed(block.status, block.reduceId, error));
      }
    }
  }

  /** One FetchShuffleBlocks call; resolves each block as its last chunk arrives. */
  private streamBlocks(address: string, blocks: readonly PendingBlock[], deadline: Date): Promise<void> {
    const client = this.clients.get(address);
    const request = { blocks: blocks.map((b) => ({ shuffleId: b.status.shuffleId, mapId: b.status.mapId, reduceId: b.reduceId })) };
    const call = client.fetchShuffleBlocks(request, this.options.security.callMetadata(this.options.appId), { deadline });
    const assemblers = new Map<number, { assembler: ChunkAssembler; received: number }>();
    return new Promise<void>((resolve, reject) => {
      call.on('data', (chunk: ShuffleBlockChunk__Output) => {
        const block = blocks[chunk.blockIndex];
        if (block === undefined || this.settled.has(block)) return;
        let state = assemblers.get(chunk.blockIndex);
        if (state === undefined) {
          state = { assembler: new ChunkAssembler(`shuffle block ${block.status.shuffleId}/${block.status.mapId}/${block.reduceId}`), received: 0 };
          assemblers.set(chunk.blockIndex, state);
        }
        try {
          state.assembler.add(chunk.data, chunk.offset, chunk.blockSize);
          state.received += chunk.data.byteLength;
          if (state.received === chunk.blockSize) {
            this.settled.add(block);
            block.resolve(state.assembler.finish());
          }
        } catch (error) {
          call.cancel();
          reject(error);
        }
      });
      call.on('error', reject);
      call.on('end', () => {
        const missing = blocks.filter((b) => !this.settled.has(b));
        if (missing.length === 0) resolve();
        else reject(new KindlingError(ErrorCode.DataCorruption, `the stream ended without ${missing.length} of the ${blocks.length} requested blocks`));
      });
    });
  }

  private fetchFailed(status: MapStatus, reduceId: number, error: unknown): FetchFailedError {
    if (error instanceof FetchFailedError) return error;
    const reason = KindlingError.from(error).message;
    return new FetchFailedError(
      `Cannot fetch shuffle ${status.shuffleId} map ${status.mapId} reduce ${reduceId} from executor ${status.executorId} (${status.address || 'local'}): ${reason}`,
      status.shuffleId,
      status.mapId,
      reduceId,
      { executorId: status.executorId, cause: error },
    );
  }

  close(): void {
    this.clients.close();
  }
}
