/**
 * Which received blocks belong to which batch (Spark's ReceivedBlockTracker): blocks
 * pushed by the receivers wait unallocated until a batch's RDD is computed, which
 * takes every block of its stream received so far; a batch's blocks are the same
 * on every later call, and are forgotten once no batch can need them.
 *
 * With `kindling.streaming.receiver.writeAheadLog.enable` (docs/DESIGN.md §8):
 * - each block is written to its stream's write-ahead log under
 *   `<checkpointDir>/receivedData/<streamId>` (ReceivedDataLog), and its addition to
 *   the driver's metadata log under `<checkpointDir>/receivedBlockMetadata`, both
 *   before `addBlock` resolves — and so before the receiver is answered, which is when
 *   it drops the records;
 * - each allocation of blocks to a batch is logged before the batch's RDD exists, so
 *   a batch run again after a restart reads exactly the same blocks;
 * - a restarted driver (`recover`) replays the metadata log: allocated batches get
 *   their blocks back (read from the data log by file/offset/length), blocks that were
 *   never allocated go to the next batch;
 * - after the metadata checkpoint that follows a batch's completion, the allocations
 *   older than the remember duration are logged as cleaned and their log segments
 *   deleted (`cleanupOldBatches`, Spark's cleanup on ClearCheckpointData).
 */
import {
  FileBasedWriteAheadLog,
  type Logger,
  type Serializer,
  type WriteAheadLogSegment,
} from '@kindling/common';

/** A block of received records. */
export interface ReceivedBlockInfo {
  readonly streamId: number;
  readonly numRecords: number;
  /** Where the write-ahead log keeps it (with the WAL on). */
  readonly segment?: WriteAheadLogSegment;
  /** The records, while the driver holds them; a recovered block has none (they are in the log). */
  records: readonly unknown[] | undefined;
}

/** What the metadata log holds, one JSON record each (Spark's ReceivedBlockTrackerLogEvent). */
type LoggedBlock = { readonly streamId: number; readonly numRecords: number; readonly segment: WriteAheadLogSegment };
export type ReceivedBlockTrackerLogEvent =
  | { readonly type: 'BlockAddition'; readonly block: LoggedBlock }
  | { readonly type: 'BatchAllocation'; readonly time: number; readonly streamId: number; readonly blocks: readonly LoggedBlock[] }
  | { readonly type: 'BatchCleanup'; readonly times: readonly number[] };

export interface WriteAheadLogSettings {
  readonly checkpointDir: string;
  readonly receiverRollingIntervalMs: number;
  readonly driverRollingIntervalMs: number;
  /** The record serializer blocks are written with (kindling.serializer). */
  readonly serializer: Serializer;
}

interface StreamBlocks {
  unallocated: ReceivedBlockInfo[];
  readonly timeToAllocated: Map<number, ReceivedBlockInfo[]>;
}

export class ReceivedBlockTracker {
  private readonly streams = new Map<number, StreamBlocks>();
  private readonly metadataLog: FileBasedWriteAheadLog | undefined;
  private readonly dataLogs = new Map<number, FileBasedWriteAheadLog>();
  private lastCleanupThreshold = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly logger: Logger,
    /** The streaming clock: log segments roll by the same time as batches. */
    private readonly now: () => number,
    private readonly wal: WriteAheadLogSettings | undefined,
  ) {
    if (wal !== undefined) {
      this.metadataLog = new FileBasedWriteAheadLog({
        dir: `${wal.checkpointDir.replace(/\/+$/, '')}/receivedBlockMetadata`,
        rollingIntervalMs: wal.driverRollingIntervalMs,
        logger,
        description: 'received block metadata',
      });
    }
  }

  get writeAheadLogEnabled(): boolean {
    return this.wal !== undefined;
  }

  /**
   * A restarted driver's state from the metadata log (Spark's recoverPastEvents):
   * additions queue up unallocated, allocations move exactly the blocks they name,
   * cleanups forget batches. Logs what it recovered per stream.
   */
  async recover(): Promise<void> {
    if (this.metadataLog === undefined) return;
    const events = await this.metadataLog.readAll();
    for (const { payload } of events) this.replay(JSON.parse(payload.toString('utf8')) as ReceivedBlockTrackerLogEvent);
    for (const [streamId, stream] of this.streams) {
      const times = [...stream.timeToAllocated.keys()].sort((a, b) => a - b);
      this.logger.info(
        { streamId, unallocated: stream.unallocated.length, allocatedBatches: times },
        `Recovered received block metadata of stream ${streamId} from ${this.metadataLog.dir}: ${stream.unallocated.length} unallocated blocks, blocks allocated to batches ${times.length === 0 ? 'none' : times.map((t) => `${t} ms`).join(', ')}`,
      );
    }
  }

  /**
   * Takes a block in. With the WAL on, resolves only once the block's records and its
   * addition are durable; a rejection means the receiver must push it again.
   */
  async addBlock(streamId: number, records: readonly unknown[]): Promise<void> {
    if (this.wal === undefined) {
      this.stream(streamId).unallocated.push({ streamId, numRecords: records.length, records });
      return;
    }
    const time = this.now();
    const segment = await this.dataLog(streamId).write(this.wal.serializer.serializeBatch(records), time);
    const block = { streamId, numRecords: records.length, segment };
    await this.writeEvent({ type: 'BlockAddition', block }, time);
    this.stream(streamId).unallocated.push({ ...block, records });
  }

  /**
   * The blocks of batch `time` of a stream: on the first call, every block received
   * and not yet allocated (logged first, with the WAL on); the same blocks after that.
   */
  async allocateBlocksToBatch(streamId: number, time: number): Promise<readonly ReceivedBlockInfo[]> {
    const stream = this.stream(streamId);
    const allocated = stream.timeToAllocated.get(time);
    if (allocated !== undefined) return allocated;
    const blocks = stream.unallocated;
    stream.unallocated = [];
    stream.timeToAllocated.set(time, blocks);
    if (this.wal !== undefined) {
      try {
        await this.writeEvent({ type: 'BatchAllocation', time, streamId, blocks: blocks.map(logged) }, this.now());
      } catch (error) {
        // Not logged, so not allocated: the blocks wait for the next batch, and this one fails.
        stream.timeToAllocated.delete(time);
        stream.unallocated = [...blocks, ...stream.unallocated];
        throw error;
      }
    }
    return blocks;
  }

  /**
   * The stream's batches at or before `time` are forgotten (clearMetadata). Without
   * the WAL they go; with it only their records leave memory, and the allocations go
   * with `cleanupOldBatches` once the metadata checkpoint no longer needs them.
   */
  clearOldBatches(streamId: number, time: number): void {
    const stream = this.streams.get(streamId);
    if (stream === undefined) return;
    for (const [t, blocks] of stream.timeToAllocated) {
      if (t > time) continue;
      if (this.wal === undefined) stream.timeToAllocated.delete(t);
      else for (const block of blocks) block.records = undefined;
    }
  }

  /**
   * After the metadata checkpoint of a completed batch: logs that the allocations
   * before `threshTime` are cleaned, then deletes the metadata-log and data-log
   * segments that end before it — a data segment still holding a live block is kept.
   * Failed deletes are reported (reportDeleteFailure). Idempotent per threshold.
   */
  async cleanupOldBatches(threshTime: number): Promise<void> {
    if (this.wal === undefined || threshTime <= this.lastCleanupThreshold) return;
    this.lastCleanupThreshold = threshTime;
    const times = new Set<number>();
    for (const stream of this.streams.values()) {
      for (const t of stream.timeToAllocated.keys()) if (t < threshTime) times.add(t);
    }
    if (times.size > 0) {
      await this.writeEvent({ type: 'BatchCleanup', times: [...times].sort((a, b) => a - b) }, this.now());
      for (const stream of this.streams.values()) for (const t of times) stream.timeToAllocated.delete(t);
      this.logger.debug({ times: [...times] }, `Cleaned received block metadata of batches before ${threshTime} ms`);
    }
    const live = new Set<string>();
    for (const stream of this.streams.values()) {
      for (const block of stream.unallocated) if (block.segment !== undefined) live.add(block.segment.path);
      for (const blocks of stream.timeToAllocated.values()) for (const block of blocks) if (block.segment !== undefined) live.add(block.segment.path);
    }
    await this.metadataLog!.clean(threshTime);
    // Every stream's log, also one this driver has not written to yet (recovered blocks only).
    for (const streamId of this.streams.keys()) await this.dataLog(streamId).clean(threshTime, (path) => live.has(path));
  }

  /** Records received and not yet allocated to a batch. */
  unallocatedRecords(streamId: number): number {
    return this.streams.get(streamId)?.unallocated.reduce((sum, block) => sum + block.numRecords, 0) ?? 0;
  }

  /** Batch times that have blocks allocated and not cleaned yet (tests, logs). */
  allocatedBatchTimes(streamId: number): number[] {
    return [...(this.streams.get(streamId)?.timeToAllocated.keys() ?? [])].sort((a, b) => a - b);
  }

  /** The stream's data log, for a stream id (opened on first use). */
  dataLog(streamId: number): FileBasedWriteAheadLog {
    let log = this.dataLogs.get(streamId);
    if (log === undefined) {
      const wal = this.wal!;
      log = new FileBasedWriteAheadLog({
        dir: `${wal.checkpointDir.replace(/\/+$/, '')}/receivedData/${streamId}`,
        rollingIntervalMs: wal.receiverRollingIntervalMs,
        logger: this.logger,
        description: `received blocks of stream ${streamId}`,
      });
      this.dataLogs.set(streamId, log);
    }
    return log;
  }

  /** Waits for queued log writes. */
  async close(): Promise<void> {
    await this.metadataLog?.close();
    await Promise.all([...this.dataLogs.values()].map((log) => log.close()));
  }

  private writeEvent(event: ReceivedBlockTrackerLogEvent, time: number): Promise<WriteAheadLogSegment> {
    return this.metadataLog!.write(Buffer.from(JSON.stringify(event), 'utf8'), time);
  }

  private replay(event: ReceivedBlockTrackerLogEvent): void {
    switch (event.type) {
      case 'BlockAddition':
        this.stream(event.block.streamId).unallocated.push({ ...event.block, records: undefined });
        return;
      case 'BatchAllocation': {
        // Exactly the blocks the allocation names: a block whose addition was logged
        // just before it, but that had not reached the queue, stays unallocated.
        const stream = this.stream(event.streamId);
        const named = new Set(event.blocks.map((b) => segmentKey(b.segment)));
        stream.unallocated = stream.unallocated.filter((b) => b.segment === undefined || !named.has(segmentKey(b.segment)));
        stream.timeToAllocated.set(event.time, event.blocks.map((b) => ({ ...b, records: undefined })));
        return;
      }
      case 'BatchCleanup':
        for (const stream of this.streams.values()) for (const t of event.times) stream.timeToAllocated.delete(t);
        return;
      default: {
        const unknown: never = event;
        this.logger.warn(`Ignoring an unknown event in the received block metadata log: ${JSON.stringify(unknown)}`);
      }
    }
  }

  private stream(streamId: number): StreamBlocks {
    let stream = this.streams.get(streamId);
    if (stream === undefined) {
      stream = { unallocated: [], timeToAllocated: new Map() };
      this.streams.set(streamId, stream);
    }
    return stream;
  }
}

function logged(block: ReceivedBlockInfo): LoggedBlock {
  return { streamId: block.streamId, numRecords: block.numRecords, segment: block.segment! };
}

function segmentKey(segment: WriteAheadLogSegment): string {
  return `${segment.path}@${segment.offset}`;
}
