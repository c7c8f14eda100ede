/**
 * How an RDD is checkpointed (Spark's RDDCheckpointData): the state machine
 * Initialized → CheckpointingInProgress → Checkpointed, and the checkpoint RDD that
 * replaces the lineage once it is reached. Subclasses say how the data is made
 * durable: ReliableRDDCheckpointData (files on a FileSystem) and
 * LocalRDDCheckpointData (blocks kept by the executors).
 *
 * `checkpoint()` runs on the driver after a job over the RDD (or one of its
 * descendants) completes; see rdd-checkpointing.ts.
 */
import type { CheckpointTeeSpec } from '../checkpoint/partition-tee.js';
import type { RDD } from './rdd.js';

export type CheckpointState = 'Initialized' | 'CheckpointingInProgress' | 'Checkpointed';

/** What checkpointing needs from the driver besides the RDD's own context. */
export interface CheckpointServices {
  /** Executors holding the cached block of partition `partition` of `rddId` (the driver's BlockManagerMaster). */
  cachedBlockLocations(rddId: number, partition: number): readonly string[];
}

export abstract class RDDCheckpointData<T> {
  private cpState: CheckpointState = 'Initialized';
  private cpRDD: RDD<T> | undefined;
  private claimed = false;

  constructor(readonly rdd: RDD<T>) {}

  /** true for a local checkpoint (executors' blocks), false for a reliable one (files). */
  abstract readonly isLocal: boolean;

  get state(): CheckpointState {
    return this.cpState;
  }

  get isCheckpointed(): boolean {
    return this.cpState === 'Checkpointed';
  }

  /** The RDD that replaces the lineage, once checkpointed. */
  get checkpointRDD(): RDD<T> | undefined {
    return this.cpRDD;
  }

  /**
   * Called before a job whose lineage reaches this RDD is submitted, when this RDD
   * will be checkpointed after it: from then on the RDD's plan asks tasks to write
   * its partitions as they compute them (teeSpec).
   */
  claimForJob(): void {
    if (this.cpState !== 'Checkpointed') this.claimed = true;
  }

  protected get isClaimed(): boolean {
    return this.claimed && this.cpState !== 'Checkpointed';
  }

  /** What a task computing this RDD must write besides computing it; undefined when nothing. */
  teeSpec(): CheckpointTeeSpec | undefined {
    return undefined;
  }

  /**
   * Makes the data durable and truncates the lineage. Only one call does the work
   * (later or concurrent ones return at once, as in Spark); unlike Spark, a failure
   * returns the state to Initialized, so that the next action tries again instead of
   * leaving the RDD "in progress" for ever.
   */
  async checkpoint(services: CheckpointServices): Promise<void> {
    if (this.cpState !== 'Initialized') return;
    this.cpState = 'CheckpointingInProgress';
    let newRdd: RDD<T>;
    try {
      newRdd = await this.doCheckpoint(services);
    } catch (error) {
      this.cpState = 'Initialized';
      throw error;
    }
    this.cpRDD = newRdd;
    this.cpState = 'Checkpointed';
    this.rdd.markCheckpointed();
  }

  /** Writes the data (running a job for what the last job did not write) and returns the checkpoint RDD. */
  protected abstract doCheckpoint(services: CheckpointServices): Promise<RDD<T>>;
}
