/**
 * A running job (Spark's ActiveJob): the action's final ResultStage, which of its
 * outputs are done, and who waits for the results.
 */
import type { ResultStage } from './stage.js';

/** Receives a job's results as they arrive, and its end (Spark's JobListener). */
export interface JobListener {
  taskSucceeded(outputId: number, result: Uint8Array): void;
  jobFailed(error: Error): void;
}

export class ActiveJob {
  readonly finished: boolean[];
  numFinished = 0;
  /** RDD partition id → output index in `partitions`, for result tasks. */
  private readonly outputIds = new Map<number, number>();

  constructor(
    readonly jobId: number,
    readonly finalStage: ResultStage,
    readonly partitions: readonly number[],
    readonly listener: JobListener,
    /** The local properties of the flow that submitted it (its scheduling pool among them). */
    readonly properties: ReadonlyMap<string, string> = new Map(),
  ) {
    this.finished = partitions.map(() => false);
    partitions.forEach((p, outputId) => this.outputIds.set(p, outputId));
  }

  get numPartitions(): number {
    return this.partitions.length;
  }

  outputIdOf(partitionId: number): number | undefined {
    return this.outputIds.get(partitionId);
  }
}
