/**
 * An RDD read back from a checkpoint directory (Spark's ReliableCheckpointRDD): one
 * partition per `part-%05d` file, the partitioner from `_partitioner`. It replaces the
 * lineage of a checkpointed RDD, and is what `kc.checkpointFile(path)` returns.
 *
 * Each task reads its part file in the prepare pass, checked against the size
 * `_metadata` recorded, and decodes it batch by batch in `compute`, each batch's
 * CRC32C checked: a missing, truncated or damaged file fails with a CheckpointError
 * naming it, never with fewer records.
 */
import { readCheckpointDirectory, warnPartitionerNotRecovered } from '../checkpoint/checkpoint-directory.js';
import { partFilePath } from '../checkpoint/checkpoint-files.js';
import { partFileRecords, readPartFile } from '../checkpoint/part-file-reader.js';
import { InvalidArgumentError } from '../errors/index.js';
import type { FunctionResolver } from '../functions/index.js';
import { Path } from '../fs/index.js';
import type { Partition } from './partition.js';
import type { Partitioner, PartitionerPlan } from './partitioner.js';
import { partitionerFromPlan } from './partitioner-registry.js';
import { getPrepared, setPrepared } from './prepared.js';
import type { RddContext } from './rdd-context.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

/** What a reader must know of the files: how many, and how big each must be. */
export interface CheckpointFiles {
  readonly numPartitions: number;
  readonly partSizes: readonly number[];
}

interface PlanData {
  readonly checkpointPath: string;
  readonly files: CheckpointFiles;
  readonly partitioner: PartitionerPlan | undefined;
  readonly scope: string;
}

export class ReliableCheckpointRDD<T> extends RDD<T> {
  readonly kind = 'ReliableCheckpointRDD';

  constructor(
    context: RddContext,
    /** URI of the `rdd-<id>` directory. */
    readonly checkpointPath: string,
    readonly files: CheckpointFiles,
    private readonly part: Partitioner | undefined,
    options: { readonly scope?: string; readonly id?: number } = {},
  ) {
    super(context, options.scope ?? 'checkpoint', options.id);
  }

  /**
   * The RDD of a complete checkpoint directory, for `checkpointFile`; refuses an
   * incomplete or damaged one with a CheckpointError naming the file at fault. An
   * unreadable partitioner only warns (Spark's behaviour): the data is still there.
   */
  static async open<T>(context: RddContext, path: string, resolver?: FunctionResolver): Promise<ReliableCheckpointRDD<T>> {
    if (typeof path !== 'string' || path === '') throw new InvalidArgumentError('checkpointFile expects the URI of a checkpoint directory (…/rdd-<id>)');
    const rddDir = Path.normalize(path);
    const contents = await readCheckpointDirectory(rddDir, context.logger);
    let partitioner: Partitioner | undefined;
    if (contents.partitioner !== undefined) {
      try {
        partitioner = partitionerFromPlan(contents.partitioner, resolver);
      } catch (error) {
        warnPartitionerNotRecovered(context.logger, rddDir, error);
      }
    }
    return new ReliableCheckpointRDD<T>(context, rddDir, contents.metadata, partitioner, { scope: 'checkpointFile' });
  }

  protected getPartitions(): readonly Partition[] {
    return Array.from({ length: this.files.numPartitions }, (_, index) => ({ index }));
  }

  override get partitioner(): Partitioner | undefined {
    return this.part;
  }

  override async prepare(split: Partition, context: TaskContext): Promise<void> {
    const size = this.files.partSizes[split.index];
    if (size === undefined) throw new InvalidArgumentError(`${this.toString()} has no partition ${split.index}`);
    const bytes = await readPartFile(this.checkpointPath, split.index, { numPartitions: this.files.numPartitions, size });
    setPrepared(context, this.id, split.index, bytes);
  }

  compute(split: Partition, context: TaskContext): Iterator<T> {
    const bytes = getPrepared<Buffer>(context, this.id, split.index);
    if (bytes === undefined) throw new Error(`${this.toString()} partition ${split.index} was computed before it was prepared`);
    return partFileRecords(bytes, partFilePath(this.checkpointPath, split.index)) as Iterator<T>;
  }

  protected planData(): unknown {
    const data: PlanData = { checkpointPath: this.checkpointPath, files: this.files, partitioner: this.part?.toPlan(), scope: this.scope };
    return data;
  }
}

registerRddKind('ReliableCheckpointRDD', (plan, _parents, context, resolver) => {
  const data = plan.data as PlanData;
  const partitioner = data.partitioner === undefined ? undefined : partitionerFromPlan(data.partitioner, resolver);
  return new ReliableCheckpointRDD(context, data.checkpointPath, data.files, partitioner, { scope: data.scope, id: plan.id });
});
