/**
 * The subclasses of KindlingError, one per condition a caller may want to catch by
 * type. Each fixes its code; the message is the caller's one readable line.
 */
import { ErrorCode, KindlingError, type KindlingErrorOptions } from './kindling-error.js';

export class InvalidArgumentError extends KindlingError {
  override readonly name = 'InvalidArgumentError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.InvalidArgument, message, options);
  }
}

/**
 * The call is well formed but not allowed now: adding a DStream operation after
 * `start()`, starting a second streaming context, starting one with no output.
 */
export class IllegalStateError extends KindlingError {
  override readonly name = 'IllegalStateError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.IllegalState, message, options);
  }
}

/** A lambda refers to a variable that cannot travel to executors (docs/DESIGN.md §3). */
export class ClosureError extends KindlingError {
  override readonly name = 'ClosureError';
  readonly identifier: string | undefined;
  constructor(message: string, identifier?: string, options?: KindlingErrorOptions) {
    super(ErrorCode.Closure, message, options);
    this.identifier = identifier;
  }
}

export class SerializationError extends KindlingError {
  override readonly name = 'SerializationError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.Serialization, message, options);
  }
}

export class BundleError extends KindlingError {
  override readonly name = 'BundleError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.Bundle, message, options);
  }
}

export class FileNotFoundError extends KindlingError {
  override readonly name = 'FileNotFoundError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.NotFound, message, options);
  }
}

export class FileAlreadyExistsError extends KindlingError {
  override readonly name = 'FileAlreadyExistsError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.AlreadyExists, message, options);
  }
}

export class PermissionError extends KindlingError {
  override readonly name = 'PermissionError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.PermissionDenied, message, options);
  }
}

/** An error answered by a remote file system (WebHDFS RemoteException), with its exception name and HTTP status. */
export class RemoteFileSystemError extends KindlingError {
  override readonly name = 'RemoteFileSystemError';
  readonly exception: string;
  readonly status: number;
  constructor(message: string, exception: string, status: number, options?: KindlingErrorOptions) {
    super(ErrorCode.RemoteFileSystem, message, options);
    this.exception = exception;
    this.status = status;
  }
}

export class CheckpointError extends KindlingError {
  override readonly name = 'CheckpointError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.Checkpoint, message, options);
  }
}

export class IncompatibleCheckpointError extends KindlingError {
  override readonly name = 'IncompatibleCheckpointError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.IncompatibleCheckpoint, message, options);
  }
}

/** A task failed on an executor (or in process); carries the stage and the executor. */
export class TaskFailedError extends KindlingError {
  override readonly name = 'TaskFailedError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.TaskFailed, message, options);
  }
}

/** A job failed: its message names the failing task's error, its stage and executor. */
export class JobFailedError extends KindlingError {
  override readonly name = 'JobFailedError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.JobFailed, message, options);
  }
}

/** A reducer could not fetch a map output block; the DAG scheduler resubmits the map stage. */
export class FetchFailedError extends KindlingError {
  override readonly name = 'FetchFailedError';
  readonly shuffleId: number;
  readonly mapId: number;
  readonly reduceId: number;
  constructor(message: string, shuffleId: number, mapId: number, reduceId: number, options?: KindlingErrorOptions) {
    super(ErrorCode.FetchFailed, message, options);
    this.shuffleId = shuffleId;
    this.mapId = mapId;
    this.reduceId = reduceId;
  }
}

export class ExecutorLostError extends KindlingError {
  override readonly name = 'ExecutorLostError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.ExecutorLost, message, options);
  }
}

export class AuthenticationError extends KindlingError {
  override readonly name = 'AuthenticationError';
  constructor(message: string, options?: KindlingErrorOptions) {
    super(ErrorCode.Authentication, message, options);
  }
}
