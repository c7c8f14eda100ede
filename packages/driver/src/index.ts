// The public API of Kindling: users import everything from '@kindling/driver'.
export { KindlingContext, type KindlingContextOptions } from './kindling-context.js';
export * from './streaming/index.js';

// The RDD model (defined in @kindling/common, re-exported so users need one import).
export { RDD, StorageLevel, Partitioner, HashPartitioner, RangePartitioner, KindlingConf, capture } from '@kindling/common';
export type { FunctionRef, Partition, TaskContext, LoadedBundle, Logger } from '@kindling/common';

// Shared variables: broadcasts and accumulators.
export { Broadcast, AccumulatorV2, LongAccumulator, DoubleAccumulator, CollectionAccumulator } from '@kindling/common';

// Errors users catch.
export {
  KindlingError,
  ErrorCode,
  InvalidArgumentError,
  ClosureError,
  SerializationError,
  BundleError,
  FileNotFoundError,
  FileAlreadyExistsError,
  PermissionError,
  RemoteFileSystemError,
  CheckpointError,
  IncompatibleCheckpointError,
  IllegalStateError,
  TaskFailedError,
  JobFailedError,
  FetchFailedError,
  ExecutorLostError,
  AuthenticationError,
  DataCorruptionError,
  BroadcastDestroyedError,
} from '@kindling/common';

// Scheduler events, for listeners (progress bars, UIs, tests).
export type {
  KindlingListener,
  JobStartEvent,
  JobEndEvent,
  StageInfo,
  StageSubmittedEvent,
  StageCompletedEvent,
  TaskStartEvent,
  TaskEndEvent,
} from './scheduler/kindling-listener.js';
export type { TaskInfo, TaskEndReason } from './scheduler/task-set.js';
export { ConsoleProgressBar } from './progress/console-progress-bar.js';

// The task-execution backend contract (implemented by the in-process and gRPC backends).
export type { SchedulerBackend, SchedulerBackendListener, ExecutorInfo } from './scheduler/scheduler-backend.js';
export type { SchedulerBackendSetup } from './scheduler/scheduler-backend-factory.js';
export { MapOutputTracker } from './scheduler/map-output-tracker.js';
export { parseMasterUrl, type MasterUrl } from './scheduler/master-url.js';
