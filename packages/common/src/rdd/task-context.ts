/**
 * What `compute` receives besides its partition: where it runs and the services of
 * that process. Built by the task runner for each task attempt.
 */
import type { FunctionResolver } from '../functions/index.js';
import type { Logger } from '../log/index.js';
import type { ExecutorEnv } from '../task/index.js';

export interface TaskContext {
  readonly stageId: number;
  readonly stageAttemptId: number;
  readonly partitionId: number;
  readonly attemptNumber: number;
  /** Unique per attempt (Spark's taskAttemptId): names temp files of this attempt. */
  readonly taskAttemptId: number;
  readonly env: ExecutorEnv;
  readonly resolver: FunctionResolver;
  readonly logger: Logger;
  /**
   * Data fetched by an RDD's async `prepare` for this task (shuffle blocks,
   * checkpoint files), keyed by rdd id, read synchronously by its `compute`.
   */
  readonly prepared: Map<number, unknown>;
}
