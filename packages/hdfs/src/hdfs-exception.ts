/**
 * The errors the embedded server answers, exactly as Hadoop's two ExceptionHandlers
 * write them: `{"RemoteException":{"exception","javaClassName","message"}}` with the
 * status of Hadoop's mapping (400 IllegalArgument/UnsupportedOperation, 403
 * SecurityException and every other IOException, 404 FileNotFound, 500 the rest).
 */
export class HdfsException extends Error {
  constructor(
    readonly exception: string,
    readonly javaClassName: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }

  toJson(): string {
    return JSON.stringify({ RemoteException: { exception: this.exception, javaClassName: this.javaClassName, message: this.message } });
  }
}

const make =
  (exception: string, javaClassName: string, status: number) =>
  (message: string): HdfsException =>
    new HdfsException(exception, javaClassName, message, status);

/** One constructor per exception the server raises, named as in Hadoop. */
export const Hdfs = {
  fileNotFound: make('FileNotFoundException', 'java.io.FileNotFoundException', 404),
  fileAlreadyExists: make('FileAlreadyExistsException', 'org.apache.hadoop.fs.FileAlreadyExistsException', 403),
  alreadyBeingCreated: make('AlreadyBeingCreatedException', 'org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException', 403),
  parentNotDirectory: make('ParentNotDirectoryException', 'org.apache.hadoop.fs.ParentNotDirectoryException', 403),
  pathIsNotEmptyDirectory: (path: string): HdfsException =>
    new HdfsException(
      'PathIsNotEmptyDirectoryException',
      'org.apache.hadoop.fs.PathIsNotEmptyDirectoryException',
      `\`${path} is non empty': Directory is not empty`,
      403,
    ),
  io: make('IOException', 'java.io.IOException', 403),
  diskOutOfSpace: make('DiskOutOfSpaceException', 'org.apache.hadoop.util.DiskChecker$DiskOutOfSpaceException', 403),
  accessControl: make('AccessControlException', 'org.apache.hadoop.security.AccessControlException', 403),
  illegalArgument: make('IllegalArgumentException', 'java.lang.IllegalArgumentException', 400),
  hadoopIllegalArgument: make('HadoopIllegalArgumentException', 'org.apache.hadoop.HadoopIllegalArgumentException', 400),
  invalidPath: (path: string): HdfsException =>
    new HdfsException('InvalidPathException', 'org.apache.hadoop.fs.InvalidPathException', `Invalid path name ${path}`, 400),
  unsupported: make('UnsupportedOperationException', 'java.lang.UnsupportedOperationException', 400),
  /** Hadoop's handler for a parameter it cannot parse. */
  badParameter: (name: string, reason: string): HdfsException =>
    new HdfsException('IllegalArgumentException', 'java.lang.IllegalArgumentException', `Invalid value for webhdfs parameter "${name}": ${reason}`, 400),
  internal: make('RuntimeException', 'java.lang.RuntimeException', 500),
};

/**
 * Maps an error of the backing directory to the exception HDFS would raise: a full
 * disk is DiskOutOfSpaceException (403) so clients see a typed, non-retryable error.
 */
export function fromLocalError(error: unknown, hdfsPath: string): HdfsException {
  if (error instanceof HdfsException) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return Hdfs.fileNotFound(`File does not exist: ${hdfsPath}`);
    case 'ENOSPC':
    case 'EDQUOT':
      return Hdfs.diskOutOfSpace(`No space left on the datanode's disk while writing ${hdfsPath}`);
    case 'EACCES':
    case 'EPERM':
      return Hdfs.accessControl(`Permission denied: ${hdfsPath}`);
    case 'ENOTDIR':
      return Hdfs.parentNotDirectory(`A parent of ${hdfsPath} is not a directory`);
    case 'EEXIST':
      return Hdfs.fileAlreadyExists(`${hdfsPath} already exists`);
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return Hdfs.io(`${message} (${hdfsPath})`);
    }
  }
}
