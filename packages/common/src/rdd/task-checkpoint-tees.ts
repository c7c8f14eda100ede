/**
 * The checkpoint tees of one task attempt. The task runner builds one from the plans
 * of the task's stage (an RDD marked for checkpointing ships a CheckpointTeeSpec in its
 * plan) and binds it to the TaskContext; `RDD.iterator` asks it for a tee when it
 * computes a partition; after the result function or the shuffle write has drained
 * the iterators, the runner commits the complete files, and on failure discards all.
 */
import type { Logger } from '../log/index.js';
import { PartitionCheckpointTee, type CheckpointTeeSpec, type TeeOutcome } from '../checkpoint/partition-tee.js';
import type { RddPlan } from './rdd.js';
import type { TaskContext } from './task-context.js';

export class TaskCheckpointTees {
  private readonly tees = new Map<string, PartitionCheckpointTee>();

  constructor(
    private readonly specs: ReadonlyMap<number, CheckpointTeeSpec>,
    private readonly taskAttemptId: number,
    /** Where remote checkpoints are spooled: a directory of the executor's work dir. */
    private readonly spoolDir: string,
  ) {}

  /**
   * A tee for `partitionIndex` of RDD `rddId`, or undefined when that RDD is not being
   * checkpointed, or this task already tees that partition (a task that reads one
   * partition twice — cartesian of an RDD with itself — writes it once).
   */
  teeFor(rddId: number, partitionIndex: number): PartitionCheckpointTee | undefined {
    const spec = this.specs.get(rddId);
    if (spec === undefined) return undefined;
    const key = `${rddId}:${partitionIndex}`;
    if (this.tees.has(key)) return undefined;
    const tee = new PartitionCheckpointTee(spec, partitionIndex, this.taskAttemptId, this.spoolDir);
    this.tees.set(key, tee);
    return tee;
  }

  /** Commits every complete file, deletes incomplete ones; the first failure is thrown after all were tried. */
  async commitAll(logger: Logger): Promise<TeeOutcome[]> {
    const settled = await Promise.allSettled([...this.tees.values()].map((tee) => tee.commit(logger)));
    this.tees.clear();
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<TeeOutcome>).value);
  }

  /** The task failed: nothing it wrote may remain. */
  async discardAll(): Promise<void> {
    const tees = [...this.tees.values()];
    this.tees.clear();
    await Promise.allSettled(tees.map((tee) => tee.discard()));
  }
}

const specsByPlans = new WeakMap<readonly RddPlan[], ReadonlyMap<number, CheckpointTeeSpec>>();

/** The tee specs in a stage's plans, by rdd id (computed once per decoded stage). */
export function checkpointTeeSpecs(plans: readonly RddPlan[]): ReadonlyMap<number, CheckpointTeeSpec> {
  let specs = specsByPlans.get(plans);
  if (specs === undefined) {
    const map = new Map<number, CheckpointTeeSpec>();
    for (const plan of plans) if (plan.checkpoint !== undefined) map.set(plan.id, plan.checkpoint);
    specs = map;
    specsByPlans.set(plans, specs);
  }
  return specs;
}

// A TaskContext is created by the task runner, which is the only one to bind tees;
// a side table keeps the TaskContext contract free of checkpoint details.
const teesByContext = new WeakMap<TaskContext, TaskCheckpointTees>();

export function bindCheckpointTees(context: TaskContext, tees: TaskCheckpointTees): void {
  teesByContext.set(context, tees);
}

/** The tee `RDD.iterator` must write partition `partitionIndex` of `rddId` to, if any. */
export function checkpointTeeFor(context: TaskContext, rddId: number, partitionIndex: number): PartitionCheckpointTee | undefined {
  return teesByContext.get(context)?.teeFor(rddId, partitionIndex);
}
