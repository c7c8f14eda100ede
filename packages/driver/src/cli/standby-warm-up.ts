/**
 * A warm standby driver's executors run one small job before the standby waits
 * (supervisor.ts): every executor downloads and imports the job bundle, starts its
 * task thread and goes once through a shuffle. Measured in the driver-kill drill,
 * a cold executor's first batch took most of a restart's time (the bundle download
 * and import, a task thread's start and the first compilation of the task and
 * shuffle code: 2-9 s on a loaded 2-core machine, against 0.2-1 s for a warm batch).
 */
import type { Logger } from '@kindling/common';
import type { KindlingContext } from '../kindling-context.js';

export async function warmUpExecutors(kc: KindlingContext, logger: Logger): Promise<void> {
  // Two tasks per core: the scheduler offers every free core a task, so each executor gets some.
  const partitions = Math.max(2, kc.defaultParallelism * 2);
  const started = Date.now();
  try {
    await kc
      .parallelize(Array.from({ length: partitions * 4 }, (_, i) => i), partitions)
      .map((x: number): [number, number] => [x % 7, x])
      .reduceByKey((a: number, b: number) => a + b, partitions)
      .count();
    logger.debug({ ms: Date.now() - started, partitions }, 'Warmed up the standby driver\'s executors');
  } catch (error) {
    // A standby with cold executors is still a standby: the job will warm them up.
    logger.warn({ err: error }, 'Could not warm up the standby driver\'s executors');
  }
}
