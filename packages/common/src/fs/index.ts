// Storage under checkpoints: the FileSystem contract, its file:// and WebHDFS
// implementations, URI paths, commit helpers and the shared conformance suite.
export type { FileStatus, FileType, ContentSummary } from './file-status.js';
export type { FileSystem, FsOutputStream, CreateOptions, OpenOptions, DeleteOptions, FileData } from './file-system.js';
export { Path, parseFsUri, formatFsUri, normalizePath, type FsUri } from './fs-path.js';
export { localFsError } from './fs-errors.js';
export { readAll, writeAllTo } from './fs-streams.js';
export { fsyncDirectory } from './local-output-stream.js';
export { LocalFileSystem, type LocalFileSystemOptions } from './local-file-system.js';
export { WebHdfsFileSystem, defaultWebHdfsPort } from './webhdfs/webhdfs-file-system.js';
export type { WebHdfsOptions, WebHdfsRetryPolicy } from './webhdfs/webhdfs-options.js';
export type { FileChecksumJson, FileStatusJson, ContentSummaryJson } from './webhdfs/webhdfs-json.js';
export { parseRemoteException, remoteError, remoteCause, type RemoteException } from './webhdfs/remote-exception.js';
export { encodeHdfsPath, webHdfsPrefix } from './webhdfs/webhdfs-transport.js';
export {
  blockLocalPathInfoOp,
  shortCircuitTokenHeader,
  type BlockLocalPathInfoJson,
  type ReadStatistics,
} from './webhdfs/webhdfs-short-circuit.js';
export { listInputSync, registerInProcessWebHdfs, type InputListing } from './sync-listing.js';
export {
  getFileSystem,
  newFileSystem,
  closeAllFileSystems,
  configureFileSystems,
  SHORT_CIRCUIT_READS_KEY,
  type FileSystemOptions,
} from './file-system-registry.js';
export {
  writeAtomically,
  atomicTempPath,
  commitTaskAttempt,
  readNewestValid,
  type CommitOptions,
  type TaskCommitOptions,
  type TaskCommitOutcome,
  type ReadNewestOptions,
} from './commit-helpers.js';
export {
  runFileSystemConformance,
  conformanceCases,
  type ConformanceSetup,
  type ConformanceRunner,
} from './file-system-conformance.js';
export { reportDeleteFailure, deleteFailures, type DeleteFailure } from './delete-failures.js';
