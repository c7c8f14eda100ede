/**
 * The RddContext of RDDs rebuilt on an executor. Only the driver defines RDDs and
 * runs jobs (Spark's SPARK-5063 rule), so those methods throw here with a message
 * that says so; a user function that calls an action inside a transformation gets
 * it instead of a hang.
 */
import type { KindlingConf } from '../conf/index.js';
import { ErrorCode, KindlingError } from '../errors/index.js';
import type { FunctionRef } from '../functions/index.js';
import type { Logger } from '../log/index.js';
import type { RddContext } from '../rdd/index.js';

export class ExecutorRddContext implements RddContext {
  readonly defaultParallelism: number;

  constructor(
    readonly conf: KindlingConf,
    readonly logger: Logger,
  ) {
    this.defaultParallelism = conf.getInt('kindling.default.parallelism', 2);
  }

  newRddId(): number {
    throw driverOnly('define RDDs');
  }

  newShuffleId(): number {
    throw driverOnly('define shuffles');
  }

  functionRef(_fn: unknown, what: string): FunctionRef {
    throw driverOnly(`call ${what}`);
  }

  runJob<U>(): Promise<U[]> {
    return Promise.reject(driverOnly('run actions'));
  }
}

function driverOnly(what: string): KindlingError {
  return new KindlingError(
    ErrorCode.InvalidArgument,
    `Cannot ${what} inside a task: RDD transformations and actions can only be invoked by the driver, not inside other transformations`,
  );
}
