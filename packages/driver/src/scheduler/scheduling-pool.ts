/**
 * Scheduling pools, reduced to what Kindling needs: the local property
 * `kindling.scheduler.pool` (Spark's `spark.scheduler.pool`) names the pool of the
 * jobs a flow submits. Every pool is FIFO by job, then stage, as Spark's default
 * scheduling mode is, and all pools share one order, except `background`: its task
 * sets are offered cores only once every other task set has taken what it can use,
 * and they are never pipelined, so that at most one background task per core stands
 * between a foreground task and a free core. Spark's FAIR pools (weights, minimum
 * shares, an allocation file) are not implemented: the one need was keeping
 * bookkeeping jobs, such as state snapshot slices, out of the way of batches.
 */
export const SCHEDULER_POOL_PROPERTY = 'kindling.scheduler.pool';
export const DEFAULT_POOL = 'default';
export const BACKGROUND_POOL = 'background';

/** The pool named by a job's local properties ('default' when none is). */
export function poolOf(properties: ReadonlyMap<string, string>): string {
  const pool = properties.get(SCHEDULER_POOL_PROPERTY)?.trim();
  return pool === undefined || pool === '' ? DEFAULT_POOL : pool;
}

/** 0 for task sets offered cores first, 1 for the background pool's. */
export function poolRank(pool: string | undefined): number {
  return pool === BACKGROUND_POOL ? 1 : 0;
}
