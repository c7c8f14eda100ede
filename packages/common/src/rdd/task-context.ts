/**
 * What `compute` receives besides its partition: where it runs and the services of
 * that process. Built by the task runner for each task attempt.
 */
import type { FunctionResolver } from '../functions/index.js';
import type { Logger } from '../log/index.js';
import type { TaskMemory } from '../memory/index.js';
import type { StorageLevel } from '../storage/index.js';
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
   * Use `setPrepared` / `getPrepared` (prepared.ts), which also key by partition.
   */
  readonly prepared: Map<number, unknown>;
  /** Counters this attempt reports in its TaskMetrics; RDDs and the shuffle add to them. */
  readonly metrics: TaskMetricsRecorder;
  /** Persisted blocks as this task sees them (see RDD.iterator). */
  readonly blocks: TaskBlocks;
  /** Execution memory and spill files of this attempt, released when it ends. */
  readonly memory: TaskMemory;
}

export interface TaskMetricsRecorder {
  recordsRead: number;
  recordsWritten: number;
  shuffleBytesWritten: number;
  shuffleBytesRead: number;
}

/**
 * Synchronous access to persisted RDD blocks during `compute`. Blocks on disk are
 * loaded before compute starts (the prepare pass), and blocks written are flushed
 * to disk after it ends, so that `compute` never waits on I/O.
 */
export interface TaskBlocks {
  read(blockId: string): readonly unknown[] | undefined;
  write(blockId: string, records: readonly unknown[], level: StorageLevel): void;
}
