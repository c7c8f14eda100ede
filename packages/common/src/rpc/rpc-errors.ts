/**
 * The one place gRPC statuses and Kindling error codes meet (STYLE.md §9).
 *
 * Servers answer a failed call with the gRPC status that tells clients whether to
 * retry (UNAVAILABLE yes, PERMISSION_DENIED no) and put the exact Kindling code in
 * the trailing metadata `kindling-error-code`, so a KindlingError thrown in one
 * process arrives in the other with the same code and message.
 */
import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { ErrorCode, KindlingError, type KindlingErrorOptions } from '../errors/index.js';

export const errorCodeMetadataKey = 'kindling-error-code';

/** A call failed with a gRPC status; `code` is the Kindling code it maps to. */
export class RpcError extends KindlingError {
  override readonly name = 'RpcError';
  /** The gRPC status code (`status.UNAVAILABLE`, …). */
  readonly status: status;
  constructor(code: ErrorCode, grpcStatus: status, message: string, options?: KindlingErrorOptions) {
    super(code, message, options);
    this.status = grpcStatus;
  }
}

const statusToCode: ReadonlyMap<status, ErrorCode> = new Map<status, ErrorCode>([
  [status.UNAVAILABLE, ErrorCode.Unavailable],
  [status.DEADLINE_EXCEEDED, ErrorCode.DeadlineExceeded],
  [status.CANCELLED, ErrorCode.Cancelled],
  [status.UNAUTHENTICATED, ErrorCode.Authentication],
  [status.PERMISSION_DENIED, ErrorCode.PermissionDenied],
  [status.NOT_FOUND, ErrorCode.NotFound],
  [status.ALREADY_EXISTS, ErrorCode.AlreadyExists],
  [status.INVALID_ARGUMENT, ErrorCode.InvalidArgument],
  [status.FAILED_PRECONDITION, ErrorCode.InvalidArgument],
  [status.OUT_OF_RANGE, ErrorCode.InvalidArgument],
  [status.RESOURCE_EXHAUSTED, ErrorCode.ResourceExhausted],
  [status.DATA_LOSS, ErrorCode.DataCorruption],
]);

const codeToStatus: Readonly<Record<ErrorCode, status>> = {
  [ErrorCode.InvalidArgument]: status.INVALID_ARGUMENT,
  [ErrorCode.Closure]: status.INVALID_ARGUMENT,
  [ErrorCode.Serialization]: status.INVALID_ARGUMENT,
  [ErrorCode.Bundle]: status.FAILED_PRECONDITION,
  [ErrorCode.NotFound]: status.NOT_FOUND,
  [ErrorCode.AlreadyExists]: status.ALREADY_EXISTS,
  [ErrorCode.PermissionDenied]: status.PERMISSION_DENIED,
  [ErrorCode.ResourceExhausted]: status.RESOURCE_EXHAUSTED,
  [ErrorCode.Unavailable]: status.UNAVAILABLE,
  [ErrorCode.DeadlineExceeded]: status.DEADLINE_EXCEEDED,
  [ErrorCode.Cancelled]: status.CANCELLED,
  [ErrorCode.RemoteFileSystem]: status.INTERNAL,
  [ErrorCode.Checkpoint]: status.INTERNAL,
  [ErrorCode.IncompatibleCheckpoint]: status.FAILED_PRECONDITION,
  [ErrorCode.IllegalState]: status.FAILED_PRECONDITION,
  [ErrorCode.TaskFailed]: status.INTERNAL,
  [ErrorCode.JobFailed]: status.INTERNAL,
  [ErrorCode.FetchFailed]: status.NOT_FOUND,
  [ErrorCode.ExecutorLost]: status.UNAVAILABLE,
  [ErrorCode.Authentication]: status.UNAUTHENTICATED,
  [ErrorCode.DataCorruption]: status.DATA_LOSS,
  [ErrorCode.Internal]: status.INTERNAL,
};

const knownCodes: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** The status object a server handler passes to its callback (or `call.destroy`) for an error. */
export function toServiceError(error: unknown): Partial<StatusObject> & { code: status; details: string } {
  const kindling = KindlingError.from(error);
  const metadata = new Metadata();
  metadata.set(errorCodeMetadataKey, kindling.code);
  // An RpcError chose its status on purpose (e.g. FAILED_PRECONDITION for "unknown application").
  const code = kindling instanceof RpcError ? kindling.status : codeToStatus[kindling.code];
  return { code, details: kindling.message, metadata };
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number' && 'details' in error;
}

/**
 * Turns a failed call into an RpcError whose message says what was called where:
 * `<context>: <details>`. The Kindling code comes from the server's metadata when it
 * sent one, else from the gRPC status.
 */
export function fromServiceError(error: unknown, context: string): KindlingError {
  if (error instanceof KindlingError) return error;
  if (!isServiceError(error)) return KindlingError.from(error, context);
  const sent = error.metadata?.get(errorCodeMetadataKey)[0];
  const code =
    typeof sent === 'string' && knownCodes.has(sent) ? (sent as ErrorCode) : (statusToCode.get(error.code) ?? ErrorCode.Internal);
  const details = error.details === '' ? status[error.code] : error.details;
  return new RpcError(code, error.code, `${context}: ${details}`, { cause: error });
}

/** The gRPC status of an error, if it came from a call. */
export function grpcStatusOf(error: unknown): status | undefined {
  if (error instanceof RpcError) return error.status;
  if (isServiceError(error)) return error.code;
  return undefined;
}
