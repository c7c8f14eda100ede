/**
 * Turns a WebHDFS error answer (`{"RemoteException": {exception, javaClassName,
 * message}}` + HTTP status) into the typed error a caller catches. The conditions a
 * caller acts on (missing file, existing file, permission, full disk, a namenode in
 * safe mode) become the shared classes/codes, with the RemoteFileSystemError (remote
 * exception name + status) kept as `cause`; anything else is the RemoteFileSystemError
 * itself.
 */
import {
  ErrorCode,
  FileAlreadyExistsError,
  FileNotFoundError,
  KindlingError,
  PermissionError,
  RemoteFileSystemError,
} from '../../errors/index.js';

export interface RemoteException {
  readonly exception: string;
  readonly javaClassName: string;
  readonly message: string;
}

/** Parses a RemoteException body; undefined when the body is not one (a proxy's HTML page, say). */
export function parseRemoteException(body: string): RemoteException | undefined {
  try {
    const parsed = JSON.parse(body) as { RemoteException?: Partial<RemoteException> };
    const remote = parsed.RemoteException;
    if (remote === undefined || typeof remote.exception !== 'string') return undefined;
    return {
      exception: remote.exception,
      javaClassName: remote.javaClassName ?? '',
      message: typeof remote.message === 'string' ? remote.message : '',
    };
  } catch {
    return undefined;
  }
}

const notFound = new Set(['FileNotFoundException']);
const alreadyExists = new Set(['FileAlreadyExistsException', 'AlreadyBeingCreatedException']);
const permission = new Set(['AccessControlException', 'SecurityException', 'AuthorizationException', 'InvalidToken']);
const exhausted = new Set(['DSQuotaExceededException', 'NSQuotaExceededException', 'QuotaExceededException', 'DiskOutOfSpaceException']);
/** Conditions Hadoop's own client retries: the namenode is starting, failing over or busy. */
const transient = new Set(['SafeModeException', 'StandbyException', 'RetriableException', 'ObserverRetryOnActiveException']);

/** The typed error for an HTTP error answer of `action` on `uri`. */
export function remoteError(status: number, body: string, action: string, uri: string): KindlingError {
  const remote = parseRemoteException(body);
  const exception = remote?.exception ?? `HTTP ${status}`;
  const detail = remote?.message ?? (body.trim().split('\n')[0]?.slice(0, 200) || 'no error message');
  const message = `Cannot ${action} ${uri}: ${detail} (${remote === undefined ? '' : `${exception}, `}HTTP ${status})`;
  const remoteFailure = new RemoteFileSystemError(message, exception, status, { path: uri });
  const options = { cause: remoteFailure, path: uri };
  if (notFound.has(exception)) return new FileNotFoundError(message, options);
  if (alreadyExists.has(exception)) return new FileAlreadyExistsError(message, options);
  if (permission.has(exception) || status === 401) return new PermissionError(message, options);
  if (exhausted.has(exception)) return new KindlingError(ErrorCode.ResourceExhausted, message, options);
  if (transient.has(exception)) return new KindlingError(ErrorCode.Unavailable, message, options);
  return remoteFailure;
}

/** The RemoteFileSystemError behind a typed error (itself, or its cause), to read the exception name and status. */
export function remoteCause(error: unknown): RemoteFileSystemError | undefined {
  if (error instanceof RemoteFileSystemError) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof RemoteFileSystemError ? cause : undefined;
}
