/**
 * A receiver stream's batch with the write-ahead log on (Spark's
 * WriteAheadLogBackedBlockRDD): one partition per received block. A block the
 * driver still holds travels in the plan, as a BlockRDD's block would be read from
 * the block manager; a block the driver no longer has — it was recovered from the
 * metadata log after a driver restart — is read by the task from its write-ahead log
 * record (file, offset, length) on the checkpoint's file system, and decoded with the
 * serializer that wrote it.
 */
import { KindlingError } from '../../errors/index.js';
import type { Partition } from '../../rdd/partition.js';
import { getPrepared, setPrepared } from '../../rdd/prepared.js';
import type { RddContext } from '../../rdd/rdd-context.js';
import { RDD } from '../../rdd/rdd.js';
import { registerRddKind } from '../../rdd/rdd-registry.js';
import type { TaskContext } from '../../rdd/task-context.js';
import { getSerializer } from '../../serializer/index.js';
import { readWriteAheadLogRecord } from './file-based-write-ahead-log.js';
import type { WriteAheadLogSegment } from './write-ahead-log-record.js';

/** A block: its records when the driver holds them, and where the log keeps it. */
export interface WalBackedBlock {
  readonly records?: readonly unknown[];
  readonly segment: WriteAheadLogSegment;
}

interface BlockPartition extends Partition {
  readonly block: WalBackedBlock;
}

export class WriteAheadLogBackedBlockRDD<T> extends RDD<T> {
  readonly kind = 'WriteAheadLogBackedBlockRDD';

  constructor(
    context: RddContext,
    readonly blocks: readonly WalBackedBlock[],
    /** The record serializer the log's records were written with (kindling.serializer). */
    readonly serializerName: string,
    options: { readonly scope?: string; readonly id?: number } = {},
  ) {
    super(context, options.scope ?? 'receiverStream', options.id);
  }

  protected getPartitions(): readonly Partition[] {
    return this.blocks.map((block, index): BlockPartition => ({ index, block }));
  }

  override async prepare(split: Partition, context: TaskContext): Promise<void> {
    const { block } = split as BlockPartition;
    if (block.records !== undefined) return;
    let payload: Buffer;
    try {
      payload = await readWriteAheadLogRecord(block.segment);
    } catch (error) {
      throw KindlingError.from(error, `Cannot read received block from write-ahead log ${block.segment.path}@${block.segment.offset}`);
    }
    setPrepared(context, this.id, split.index, getSerializer(this.serializerName).deserializeBatch(payload));
  }

  compute(split: Partition, context: TaskContext): Iterator<T> {
    const { block } = split as BlockPartition;
    const records = (block.records ?? getPrepared<unknown[]>(context, this.id, split.index)) as readonly T[] | undefined;
    if (records === undefined) throw new Error(`WriteAheadLogBackedBlockRDD[${this.id}] partition ${split.index} was computed before it was prepared`);
    context.metrics.recordsRead += records.length;
    return records[Symbol.iterator]();
  }

  protected planData(): unknown {
    return { blocks: this.blocks, serializer: this.serializerName };
  }
}

registerRddKind('WriteAheadLogBackedBlockRDD', (plan, _parents, context) => {
  const data = plan.data as { blocks: WalBackedBlock[]; serializer: string };
  return new WriteAheadLogBackedBlockRDD(context, data.blocks, data.serializer, { id: plan.id });
});
