/**
 * Typed errors of file operations, each one line naming the action and the path, so
 * a failed checkpoint write reads "Cannot create webhdfs://nn:9870/ckpt/x: …" rather
 * than a bare "ENOSPC".
 */
import {
  ErrorCode,
  FileAlreadyExistsError,
  FileNotFoundError,
  KindlingError,
  PermissionError,
  fromSystemError,
  systemCodeOf,
} from '../errors/index.js';

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'the file already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a parent of the path is a file, not a directory',
  ENOTEMPTY: 'the directory is not empty',
  EISDIR: 'the path is a directory',
  EMFILE: 'too many open files',
};

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : systemCodeOf(error);
}

/** Maps an error of a local file operation to the KindlingError a caller catches by type or code. */
export function localFsError(error: unknown, action: string, uri: string): KindlingError {
  if (error instanceof KindlingError) return error;
  const code = codeOf(error);
  const reason = code === undefined ? undefined : reasons[code];
  const detail = reason === undefined ? (error instanceof Error ? error.message : String(error)) : `${reason} (${code})`;
  const message = `Cannot ${action} ${uri}: ${detail}`;
  const options = { cause: error, path: uri };
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileNotFoundError(message, options);
    case 'EEXIST':
      return new FileAlreadyExistsError(message, options);
    case 'EACCES':
    case 'EPERM':
      return new PermissionError(message, options);
    default: {
      const mapped = fromSystemError(error);
      return new KindlingError(mapped?.code ?? ErrorCode.Internal, message, options);
    }
  }
}

/** The system error code (ENOENT…) of an error, if it has one. */
export function errnoOf(error: unknown): string | undefined {
  return codeOf(error);
}
