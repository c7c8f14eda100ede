/**
 * What replaces the lineage of a locally checkpointed RDD (Spark's LocalCheckpointRDD):
 * nothing durable. The RDD's partitions live as cached blocks (memory and disk) on the
 * executors that computed them; the checkpointed RDD keeps its storage level, so a
 * task reads the block first. Only when the block is gone does the task get here,
 * and the partition cannot be recomputed: the lineage was cut.
 */
import { CheckpointError } from '../errors/index.js';
import { rddBlockId } from '../storage/index.js';
import type { Partition } from './partition.js';
import type { RddContext } from './rdd-context.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';

export class LocalCheckpointRDD<T> extends RDD<T> {
  readonly kind = 'LocalCheckpointRDD';

  constructor(
    context: RddContext,
    /** The RDD whose blocks hold the data: block ids name it, not this RDD. */
    readonly originalRddId: number,
    readonly numPartitions: number,
    id?: number,
  ) {
    super(context, 'localCheckpoint', id);
  }

  protected getPartitions(): readonly Partition[] {
    return Array.from({ length: this.numPartitions }, (_, index) => ({ index }));
  }

  compute(split: Partition): Iterator<T> {
    throw new CheckpointError(
      `Checkpoint block ${rddBlockId(this.originalRddId, split.index)} not found! Either the executor that originally checkpointed this partition is no longer alive, or the original RDD is unpersisted. If this problem persists, you may consider using \`rdd.checkpoint()\` instead, which is slower than local checkpointing but more fault-tolerant.`,
    );
  }

  protected planData(): unknown {
    return { originalRddId: this.originalRddId, numPartitions: this.numPartitions };
  }
}

registerRddKind('LocalCheckpointRDD', (plan, _parents, context) => {
  const data = plan.data as { originalRddId: number; numPartitions: number };
  return new LocalCheckpointRDD(context, data.originalRddId, data.numPartitions, plan.id);
});
