/**
 * Reliable checkpointing (Spark's ReliableRDDCheckpointData): the RDD's partitions are
 * written as files under `<checkpointDir>/rdd-<id>` by the executors, and the RDD's
 * lineage is replaced by a ReliableCheckpointRDD over them.
 *
 * Unlike Spark, the job that first computes a marked RDD writes it (teeSpec): each
 * task writes the partition as it computes it. `doCheckpoint` then only runs a job
 * for the partitions that job did not write (it did not compute them, or stopped
 * early, as `first()` does), and completes the directory.
 */
import { checkpointCodec } from '../checkpoint/checkpoint-codec.js';
import { CLEAN_CHECKPOINTS_KEY } from '../checkpoint/checkpoint-conf.js';
import { rddCheckpointDirName } from '../checkpoint/checkpoint-files.js';
import { registerCheckpointForCleanup } from '../checkpoint/checkpoint-cleaner.js';
import type { CheckpointTeeSpec } from '../checkpoint/partition-tee.js';
import { Path } from '../fs/index.js';
import { serializerFromConf } from '../serializer/index.js';
import type { RDD } from './rdd.js';
import { RDDCheckpointData, type CheckpointServices } from './rdd-checkpoint-data.js';
import { writeRddToCheckpointDirectory } from './reliable-checkpoint-writer.js';

export class ReliableRDDCheckpointData<T> extends RDDCheckpointData<T> {
  readonly isLocal = false;
  /** `<checkpointDir>/rdd-<id>`: where the files go. */
  readonly cpDir: string;
  private spec: CheckpointTeeSpec | undefined;

  /**
   * Whether the directory goes once the RDD object is garbage-collected (with
   * `kindling.cleaner.referenceTracking.cleanCheckpoints`): only an `rdd-<id>` one. A
   * directory named by the caller has an owner that decides when it goes: a state
   * checkpoint's slice is written through an RDD dropped as soon as it is written, and
   * read for as long as its chain is the newest (StateCheckpointData.cleanup).
   */
  private readonly cleanedWithRdd: boolean;

  /** `dirName` replaces `rdd-<id>` (streaming state checkpoints name theirs by operator and batch). */
  constructor(rdd: RDD<T>, checkpointDir: string, dirName?: string) {
    super(rdd);
    this.cpDir = Path.join(checkpointDir, dirName ?? rddCheckpointDirName(rdd.id));
    this.cleanedWithRdd = dirName === undefined;
  }

  /** The directory of the files once checkpointed (Spark's getCheckpointDir), else undefined. */
  getCheckpointDir(): string | undefined {
    return this.isCheckpointed ? this.cpDir : undefined;
  }

  override teeSpec(): CheckpointTeeSpec | undefined {
    if (!this.isClaimed) return undefined;
    const conf = this.rdd.context.conf;
    this.spec ??= { rddId: this.rdd.id, rddDir: this.cpDir, serializer: serializerFromConf(conf).name, codec: checkpointCodec(conf).name };
    return this.spec;
  }

  protected async doCheckpoint(_services: CheckpointServices): Promise<RDD<T>> {
    const { context } = this.rdd;
    const newRdd = await writeRddToCheckpointDirectory(this.rdd, this.cpDir);
    if (this.cleanedWithRdd && context.conf.getBoolean(CLEAN_CHECKPOINTS_KEY, false)) {
      registerCheckpointForCleanup(this.rdd, this.rdd.id, this.cpDir, context.logger);
    }
    context.logger.info({ rddId: this.rdd.id }, `Done checkpointing RDD ${this.rdd.id} to ${this.cpDir}, new parent is RDD ${newRdd.id}`);
    return newRdd;
  }
}
