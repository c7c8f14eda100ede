/**
 * Checkpointing an RDD (Spark's RDD.checkpoint, localCheckpoint, isCheckpointed,
 * getCheckpointFile), and the eager form of Dataset.checkpoint(eager = true).
 * Marking is lazy: the data is written by the next job over the RDD
 * (rdd-checkpointing.ts), which is why it must happen before that job.
 */
import { InvalidArgumentError } from '../../errors/index.js';
import { LocalRDDCheckpointData } from '../local-rdd-checkpoint-data.js';
import { RDD } from '../rdd.js';
import { ReliableRDDCheckpointData } from '../reliable-rdd-checkpoint-data.js';

export interface CheckpointOptions {
  /** Write now, with a job over the RDD, instead of with the next action (default false). */
  readonly eager?: boolean;
}

declare module '../rdd.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- T must be declared for the interface to merge with RDD<T>
  interface RDD<T> {
    /**
     * Marks this RDD for checkpointing to the context's checkpoint directory: the next
     * job over it writes its partitions (as it computes them) and then cuts its
     * lineage. Call before any job on it. A second call changes nothing.
     * With `{ eager: true }`, runs that job now and resolves once it is written.
     */
    checkpoint(): this;
    checkpoint(options: CheckpointOptions & { readonly eager: true }): Promise<this>;
    checkpoint(options: CheckpointOptions): this | Promise<this>;
    /**
     * Marks this RDD for local checkpointing: its partitions stay cached on the
     * executors (memory and disk) and its lineage is cut after the next job. Fast,
     * but a lost executor's partitions are lost for good.
     */
    localCheckpoint(): this;
    /** Whether this RDD was checkpointed (reliably or locally) and the data written. */
    isCheckpointed(): boolean;
    isLocallyCheckpointed(): boolean;
    /** The directory of this RDD's checkpoint files once reliably checkpointed, else undefined. */
    getCheckpointFile(): string | undefined;
  }
}

function checkpoint<T>(this: RDD<T>): RDD<T>;
function checkpoint<T>(this: RDD<T>, options: CheckpointOptions): RDD<T> | Promise<RDD<T>>;
function checkpoint<T>(this: RDD<T>, options: CheckpointOptions = {}): RDD<T> | Promise<RDD<T>> {
  const dir = this.context.checkpointDir;
  if (dir === undefined) {
    throw new InvalidArgumentError(
      'Checkpoint directory has not been set in the KindlingContext; call kc.setCheckpointDir(dir) or set kindling.checkpoint.dir',
    );
  }
  // Spark keeps whatever marking there is: a locally checkpointed RDD stays local.
  this.checkpointData ??= new ReliableRDDCheckpointData(this, dir);
  if (options.eager !== true) return this;
  return this.count().then(() => this);
}
RDD.prototype.checkpoint = checkpoint as RDD<unknown>['checkpoint'];

RDD.prototype.localCheckpoint = function <T>(this: RDD<T>): RDD<T> {
  const { logger } = this.context;
  // Assigned directly: persist refuses to change a level, and this change is the point.
  this.assignStorageLevel(LocalRDDCheckpointData.transformStorageLevel(this.storageLevel));
  const current = this.checkpointData;
  if (current?.isCheckpointed === true) {
    logger.warn({ rddId: this.id }, 'Not marking RDD for local checkpoint because it was already checkpointed and materialized');
    return this;
  }
  if (current !== undefined && !current.isLocal) {
    logger.warn({ rddId: this.id }, 'RDD was already marked for reliable checkpointing: overriding with local checkpoint.');
  }
  if (current === undefined || !current.isLocal) this.checkpointData = new LocalRDDCheckpointData(this);
  return this;
};

RDD.prototype.isCheckpointed = function <T>(this: RDD<T>): boolean {
  return this.checkpointData?.isCheckpointed === true;
};

RDD.prototype.isLocallyCheckpointed = function <T>(this: RDD<T>): boolean {
  return this.checkpointData?.isCheckpointed === true && this.checkpointData.isLocal;
};

RDD.prototype.getCheckpointFile = function <T>(this: RDD<T>): string | undefined {
  const data = this.checkpointData;
  return data instanceof ReliableRDDCheckpointData ? data.getCheckpointDir() : undefined;
};
