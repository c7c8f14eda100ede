import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, FileAlreadyExistsError, FileNotFoundError, PermissionError, RemoteFileSystemError } from '../../errors/index.js';
import { parseRemoteException, remoteCause, remoteError } from './remote-exception.js';

const body = (exception: string, message: string): string =>
  JSON.stringify({ RemoteException: { exception, javaClassName: `org.example.${exception}`, message } });

void describe('remoteError', () => {
  void it('maps the exceptions callers act on to the shared classes, keeping exception and status as the cause', () => {
    const missing = remoteError(404, body('FileNotFoundException', 'File does not exist: /a'), 'stat', 'webhdfs://nn:9870/a');
    assert.ok(missing instanceof FileNotFoundError);
    assert.equal(missing.message, 'Cannot stat webhdfs://nn:9870/a: File does not exist: /a (FileNotFoundException, HTTP 404)');
    assert.equal(missing.path, 'webhdfs://nn:9870/a');
    assert.deepEqual([remoteCause(missing)?.exception, remoteCause(missing)?.status], ['FileNotFoundException', 404]);
    assert.ok(remoteError(403, body('FileAlreadyExistsException', 'x'), 'create', 'u') instanceof FileAlreadyExistsError);
    assert.ok(remoteError(403, body('AlreadyBeingCreatedException', 'x'), 'create', 'u') instanceof FileAlreadyExistsError);
    assert.ok(remoteError(403, body('AccessControlException', 'Permission denied: user=x'), 'create', 'u') instanceof PermissionError);
    assert.equal(remoteError(403, body('DSQuotaExceededException', 'q'), 'create', 'u').code, ErrorCode.ResourceExhausted);
    assert.equal(remoteError(403, body('StandbyException', 's'), 'stat', 'u').code, ErrorCode.Unavailable);
  });

  void it('keeps any other exception as a RemoteFileSystemError with its name and status', () => {
    const error = remoteError(403, body('PathIsNotEmptyDirectoryException', "`/d is non empty': Directory is not empty"), 'delete', 'u');
    assert.ok(error instanceof RemoteFileSystemError);
    assert.deepEqual([error.exception, error.status, error.code], ['PathIsNotEmptyDirectoryException', 403, ErrorCode.RemoteFileSystem]);
  });

  void it('describes an answer that is no RemoteException by its status and first line', () => {
    const error = remoteError(502, '<html>Bad Gateway</html>\n<body>…', 'list', 'u');
    assert.ok(error instanceof RemoteFileSystemError);
    assert.equal(error.message, 'Cannot list u: <html>Bad Gateway</html> (HTTP 502)');
    assert.equal(parseRemoteException('not json'), undefined);
  });
});
