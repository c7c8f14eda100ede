/**
 * The one error family of Kindling (STYLE.md §9).
 *
 * Every error a user can see is a `KindlingError` with a code from a closed set, so
 * the CLI, the schedulers and the gRPC layer can decide what to do (retry, report,
 * exit code) by code instead of by message text. The message is one readable line
 * that says what was wrong and how to fix it; `cause` keeps the original error for
 * `--verbose`.
 */
export const ErrorCode = {
  /** A value passed to the API or CLI is invalid (bad argument, bad flag, bad conf). */
  InvalidArgument: 'INVALID_ARGUMENT',
  /** A lambda refers to something that cannot travel to an executor. */
  Closure: 'CLOSURE',
  /** A record or value cannot be serialized or deserialized. */
  Serialization: 'SERIALIZATION',
  /** A job bundle cannot be built, loaded, or does not have the expected shape. */
  Bundle: 'BUNDLE',
  /** A file or directory does not exist. */
  NotFound: 'NOT_FOUND',
  /** A file or directory exists where it must not. */
  AlreadyExists: 'ALREADY_EXISTS',
  /** The caller may not do this (file permissions, authentication). */
  PermissionDenied: 'PERMISSION_DENIED',
  /** Out of disk, memory or quota. */
  ResourceExhausted: 'RESOURCE_EXHAUSTED',
  /** A peer (executor, driver, file system) could not be reached; usually retryable. */
  Unavailable: 'UNAVAILABLE',
  /** A deadline passed before the operation completed. */
  DeadlineExceeded: 'DEADLINE_EXCEEDED',
  /** The operation was cancelled (job cancelled, context stopped). */
  Cancelled: 'CANCELLED',
  /** A remote file system answered with an error. */
  RemoteFileSystem: 'REMOTE_FILESYSTEM',
  /** A checkpoint is missing, incomplete or corrupt. */
  Checkpoint: 'CHECKPOINT',
  /** A checkpoint was written by code that differs from the code now running. */
  IncompatibleCheckpoint: 'INCOMPATIBLE_CHECKPOINT',
  /** A task failed; carries the stage and executor. */
  TaskFailed: 'TASK_FAILED',
  /** A job failed after its tasks exhausted their retries. */
  JobFailed: 'JOB_FAILED',
  /** A reducer could not fetch a map output; the map stage must be resubmitted. */
  FetchFailed: 'FETCH_FAILED',
  /** An executor was lost (process died, heartbeats missed). */
  ExecutorLost: 'EXECUTOR_LOST',
  /** An executor or driver presented the wrong secret or application id. */
  Authentication: 'AUTHENTICATION',
  /** Stored bytes fail their checksum or framing: a corrupt or truncated file or block. */
  DataCorruption: 'DATA_CORRUPTION',
  /** The call is valid but not in the object's current state (Spark's IllegalStateException). */
  IllegalState: 'ILLEGAL_STATE',
  /** A bug in Kindling: an invariant did not hold. */
  Internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface KindlingErrorOptions {
  readonly cause?: unknown;
  readonly stageId?: number;
  readonly executorId?: string;
  readonly path?: string;
}

export class KindlingError extends Error {
  override readonly name: string = 'KindlingError';
  readonly code: ErrorCode;
  readonly stageId: number | undefined;
  readonly executorId: string | undefined;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, options: KindlingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.stageId = options.stageId;
    this.executorId = options.executorId;
    this.path = options.path;
  }

  /**
   * Normalises anything thrown into a KindlingError: KindlingErrors pass through,
   * Node system errors are mapped by their `code` (see `fromSystemError`), anything
   * else becomes `Internal` with the original kept as `cause`.
   */
  static from(error: unknown, context?: string): KindlingError {
    if (error instanceof KindlingError) return error;
    const mapped = fromSystemError(error, context);
    if (mapped !== undefined) return mapped;
    const message = error instanceof Error ? error.message : String(error);
    return new KindlingError(ErrorCode.Internal, context === undefined ? message : `${context}: ${message}`, {
      cause: error,
    });
  }
}

/** Node's system error codes that map to a Kindling code; the one place this mapping lives. */
const systemErrorCodes: Readonly<Record<string, ErrorCode>> = {
  ECONNREFUSED: ErrorCode.Unavailable,
  ECONNRESET: ErrorCode.Unavailable,
  EPIPE: ErrorCode.Unavailable,
  EHOSTUNREACH: ErrorCode.Unavailable,
  ENETUNREACH: ErrorCode.Unavailable,
  ENOTFOUND: ErrorCode.Unavailable,
  EAI_AGAIN: ErrorCode.Unavailable,
  UND_ERR_SOCKET: ErrorCode.Unavailable,
  UND_ERR_CONNECT_TIMEOUT: ErrorCode.Unavailable,
  ETIMEDOUT: ErrorCode.DeadlineExceeded,
  UND_ERR_HEADERS_TIMEOUT: ErrorCode.DeadlineExceeded,
  UND_ERR_BODY_TIMEOUT: ErrorCode.DeadlineExceeded,
  ENOENT: ErrorCode.NotFound,
  EEXIST: ErrorCode.AlreadyExists,
  ENOTEMPTY: ErrorCode.AlreadyExists,
  EACCES: ErrorCode.PermissionDenied,
  EPERM: ErrorCode.PermissionDenied,
  ENOSPC: ErrorCode.ResourceExhausted,
  EDQUOT: ErrorCode.ResourceExhausted,
  EMFILE: ErrorCode.ResourceExhausted,
};

/** Maps a Node system error (`err.code` such as ECONNREFUSED) to a KindlingError, or undefined. */
export function fromSystemError(error: unknown, context?: string): KindlingError | undefined {
  const code = systemCodeOf(error);
  if (code === undefined) return undefined;
  const mapped = systemErrorCodes[code];
  if (mapped === undefined) return undefined;
  const message = error instanceof Error ? error.message : code;
  const path = typeof (error as { path?: unknown }).path === 'string' ? (error as { path: string }).path : undefined;
  return new KindlingError(mapped, context === undefined ? message : `${context}: ${message}`, {
    cause: error,
    ...(path === undefined ? {} : { path }),
  });
}

/** The system error code of an error or of its `cause` chain (fetch wraps socket errors). */
export function systemCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in systemErrorCodes) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
