/**
 * The configuration keys read by the driver (schedulers, the gRPC backend, the CLI),
 * registered with common's registry (conf-registry.ts) so that `kindling submit` and
 * KindlingContext.create check them before anything starts. The executor's keys are
 * registered by @kindling/executor (executor-conf.ts), common's by @kindling/common.
 */
import { confBoolean, confBytes, confDuration, confInt, registerConfEntries } from '@kindling/common';
import { ClusterConf, clusterDefaults } from './cluster/cluster-conf.js';
import { SchedulerConf, schedulerDefaults } from './scheduler/scheduler-conf.js';
import './streaming/streaming-conf-entries.js';

registerConfEntries([
  // Scheduling
  confInt('kindling.task.maxFailures', 4, 'attempts of a task before its job fails', { min: 1 }),
  confInt('kindling.stage.maxConsecutiveAttempts', 4, 'attempts of a stage (after fetch failures) before its job fails', { min: 1 }),
  confDuration('kindling.locality.wait', '3s', 'how long a task waits for the executor holding its block'),
  confDuration('kindling.scheduler.resubmitTimeout', '200ms', 'delay before failed stages are resubmitted'),
  confDuration('kindling.scheduler.failedJobTaskWait', '5s', "how long a failed job's failure waits for its stages' running tasks to end (killed or finished) before it reaches the caller; 0: at once"),
  confDuration('kindling.starvation.timeout', '15s', 'how often a job with no executor to run on says so'),
  confInt(SchedulerConf.pipelinedTasksPerCore, schedulerDefaults.pipelinedTasksPerCore, 'tasks an executor may hold queued per core behind the running one, for short tasks (0: off)', { min: 0 }),
  confDuration(SchedulerConf.pipelineQueuedWork, `${schedulerDefaults.pipelineQueuedWorkMs}ms`, 'estimated work that may queue per core behind the running task'),
  // Executors, as the driver sees them
  confInt(ClusterConf.executorInstances, clusterDefaults.executorInstances, 'executors a kindling:// driver waits for (--num-executors)', { min: 1 }),
  confBytes('kindling.executor.memory', undefined, 'memory per executor (--executor-memory)'),
  confDuration(ClusterConf.heartbeatInterval, '3s', 'how often executors heartbeat'),
  confDuration(ClusterConf.registrationWait, undefined, 'how long a driver waits for its executors at start (30s local, 60s cluster)'),
  confInt(ClusterConf.maxExecutorRetries, clusterDefaults.maxExecutorRetries, 'local[N] executor failures in a row before the application fails (-1: never)', { min: -1 }),
  // The CLI
  confBoolean('kindling.driver.supervise', false, 'restart the driver when it dies (--supervise)'),
  confInt('kindling.driver.supervise.maxRestarts', 10, 'quick failures in a row of a supervised driver before giving up', { min: 0 }),
  confDuration('kindling.driver.supervise.healthyAfter', '5s', 'a supervised driver that ran this long before dying is restarted at once'),
  confBoolean('kindling.driver.supervise.standby', true, 'keep a warm standby driver (bundle loaded, local executors started) that takes over when the supervised driver dies'),
  // The context cleaner (cleaner/context-cleaner.ts)
  confBoolean('kindling.cleaner.referenceTracking', true, 'delete shuffles and cached blocks of RDDs no longer referenced'),
  confDuration('kindling.cleaner.periodicGC.interval', '30min', 'how often the driver collects garbage so the cleaner sees unreachable RDDs'),
  confBoolean('kindling.ui.showConsoleProgress', true, 'the stage progress bar, on a terminal'),
  // The UI (ui/kindling-ui.ts); kindling.ui.enabled, port, retainedJobs and retainedStages are common's
  confInt('kindling.ui.retainedTasks', 100_000, 'tasks per stage the UI remembers', { min: 0 }),
]);
