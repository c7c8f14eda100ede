// Original file: kindling.proto


export interface RegisterExecutorRequest {
  /**
   * Host the executor's ExecutorService listens on; '' lets the driver use the
   * address the registration came from.
   */
  'host'?: (string);
  'port'?: (number);
  'cores'?: (number);
  /**
   * '' for an executor that serves whichever application the driver runs; otherwise
   * the one application this executor was started for (local[N] executors).
   */
  'appId'?: (string);
  'pid'?: (number);
  'kindlingVersion'?: (string);
  /**
   * Proposed id (local[N] executors are numbered by the driver); '' = driver assigns.
   */
  'executorId'?: (string);
}

export interface RegisterExecutorRequest__Output {
  /**
   * Host the executor's ExecutorService listens on; '' lets the driver use the
   * address the registration came from.
   */
  'host': (string);
  'port': (number);
  'cores': (number);
  /**
   * '' for an executor that serves whichever application the driver runs; otherwise
   * the one application this executor was started for (local[N] executors).
   */
  'appId': (string);
  'pid': (number);
  'kindlingVersion': (string);
  /**
   * Proposed id (local[N] executors are numbered by the driver); '' = driver assigns.
   */
  'executorId': (string);
}
