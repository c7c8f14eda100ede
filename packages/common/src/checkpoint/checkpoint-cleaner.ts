/**
 * Spark's ContextCleaner for checkpoints (`kindling.cleaner.referenceTracking.cleanCheckpoints`,
 * off by default): once a checkpointed RDD object is garbage-collected, nothing can
 * read its checkpoint any more through it, so its `rdd-<id>` directory is deleted.
 *
 * A FinalizationRegistry watches the RDD object; what it holds for the cleanup (the
 * directory and a logger) must not reference the RDD, or it would never be collected.
 * Finalization is up to the garbage collector: a directory may outlive its RDD for a
 * long time, and one still alive at exit is kept (as in Spark).
 */
import { getFileSystem, reportDeleteFailure } from '../fs/index.js';
import type { Logger } from '../log/index.js';

interface CleanupTask {
  readonly rddId: number;
  readonly rddDir: string;
  readonly logger: Logger;
}

const pending = new Set<Promise<void>>();

const registry = new FinalizationRegistry<CleanupTask>((task) => {
  const cleaning = cleanCheckpoint(task).finally(() => pending.delete(cleaning));
  pending.add(cleaning);
});

/** Deletes `rddDir` once `rdd` is garbage-collected. */
export function registerCheckpointForCleanup(rdd: object, rddId: number, rddDir: string, logger: Logger): void {
  registry.register(rdd, { rddId, rddDir, logger });
}

/** Waits for the deletions the collector has started so far (tests, orderly shutdown). */
export async function checkpointCleanupsSettled(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

async function cleanCheckpoint(task: CleanupTask): Promise<void> {
  try {
    await getFileSystem(task.rddDir).delete(task.rddDir, { recursive: true });
    task.logger.info({ rddId: task.rddId }, `Cleaned rdd checkpoint data ${task.rddId} (${task.rddDir})`);
  } catch (error) {
    reportDeleteFailure(task.logger, `checkpoint data of RDD ${task.rddId},`, task.rddDir, error);
  }
}
