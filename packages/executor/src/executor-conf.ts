/**
 * The configuration keys the executor daemon reads, with their defaults and the
 * reasons for them. proto/README.md lists them for users.
 */
import { confDuration, confEnum, confInt, registerConfEntries, type KindlingConf } from '@kindling/common';

export const ExecutorConf = {
  cores: 'kindling.executor.cores',
  /**
   * How long a starting executor keeps trying to reach its driver. 60 s covers a
   * driver container that starts after its executors (docker-compose).
   */
  registrationTimeout: 'kindling.executor.registrationTimeout',
  /**
   * How long an executor that lost its driver waits for one to come back at the same
   * address (a driver restarted by --supervise) before it exits; 0 = exit at once.
   */
  driverWaitTimeout: 'kindling.executor.driverWaitTimeout',
  /** Heartbeats failing for this long mean the driver is gone (the driver uses the same key the other way round). */
  networkTimeout: 'kindling.network.timeout',
  /** `thread` (default): each task slot is a worker thread; `inline`: tasks run on the executor's main thread. */
  taskIsolation: 'kindling.executor.taskIsolation',
  /** Bytes of task payloads an executor (and each task thread) keeps for later tasks of the same stage. */
  payloadCacheBytes: 'kindling.executor.payloadCacheBytes',
} as const;

export const executorDefaults = {
  cores: 1,
  registrationTimeoutMs: 60_000,
  driverWaitTimeoutMs: 60_000,
  networkTimeoutMs: 30_000,
  payloadCacheBytes: 256 * 1024 * 1024,
} as const;

export type TaskIsolation = 'thread' | 'inline';

export function taskIsolationOf(conf: KindlingConf): TaskIsolation {
  const value = conf.get(ExecutorConf.taskIsolation, 'thread');
  return value === 'inline' ? 'inline' : 'thread';
}

registerConfEntries([
  confInt(ExecutorConf.cores, executorDefaults.cores, 'tasks an executor runs at once (its task threads)', { min: 1 }),
  confDuration(ExecutorConf.registrationTimeout, '60s', 'how long a starting executor keeps trying to reach its driver'),
  confDuration(ExecutorConf.driverWaitTimeout, '60s', 'how long an executor that lost its driver waits for one to come back (0: exit at once)'),
  confEnum(ExecutorConf.taskIsolation, ['thread', 'inline'], 'thread', 'thread: tasks in worker threads; inline: in the executor main thread'),
  confInt(ExecutorConf.payloadCacheBytes, executorDefaults.payloadCacheBytes, 'bytes of task payloads an executor keeps for later tasks of a stage', { min: 0 }),
]);
