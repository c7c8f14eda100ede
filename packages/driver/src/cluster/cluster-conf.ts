/**
 * Configuration the gRPC backend reads, with defaults and their reasons
 * (proto/README.md lists them for users).
 */
export const ClusterConf = {
  /** How often executors heartbeat (told to them at registration). */
  heartbeatInterval: 'kindling.executor.heartbeatInterval',
  /**
   * An executor whose heartbeats stop for this long is lost. Spark's default is 120 s,
   * sized for JVM garbage-collection pauses; Kindling's executors heartbeat from a
   * main thread that never runs tasks (they run in task threads), and a dead process
   * is noticed at once by its task channel closing, so 30 s only has to cover a hung
   * or partitioned machine.
   */
  networkTimeout: 'kindling.network.timeout',
  /** Executors a `kindling://` driver waits for before running jobs (`--num-executors`). */
  executorInstances: 'kindling.executor.instances',
  /** Cores each local[N] executor runs tasks on. */
  executorCores: 'kindling.executor.cores',
  /** How long start() waits for the executors it expects (Spark's maxRegisteredResourcesWaitingTime). */
  registrationWait: 'kindling.scheduler.maxRegisteredResourcesWaitingTime',
  /**
   * local[N] executor failures in a row (Spark's spark.deploy.maxExecutorRetries)
   * after which the application fails, when no executor is up; -1 = never. The count
   * restarts when an executor has started (its first heartbeat).
   */
  maxExecutorRetries: 'kindling.deploy.maxExecutorRetries',
} as const;

export const clusterDefaults = {
  heartbeatIntervalMs: 3_000,
  networkTimeoutMs: 30_000,
  executorInstances: 1,
  executorCores: 1,
  localRegistrationWaitMs: 30_000,
  clusterRegistrationWaitMs: 60_000,
  maxExecutorRetries: 10,
} as const;
