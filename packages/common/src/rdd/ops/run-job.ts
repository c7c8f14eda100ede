/**
 * How actions start jobs: driver-side preparation of the lineage first (range
 * bounds, zipWithIndex offsets — see driver-prepare.ts), then the context's runJob.
 */
import type { FunctionRef } from '../../functions/index.js';
import { prepareForJob } from '../driver-prepare.js';
import type { RDD } from '../rdd.js';

export async function runJob<U>(rdd: RDD<unknown>, resultFunc: FunctionRef, partitions?: readonly number[]): Promise<U[]> {
  await prepareForJob(rdd);
  return rdd.context.runJob<U>(rdd, resultFunc, partitions);
}
