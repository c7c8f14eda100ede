/**
 * What a file system says about one path, in Hadoop's vocabulary (FileStatus and
 * ContentSummary of WebHDFS), so that a status read from HDFS and one read from the
 * local disk compare field by field.
 */
export type FileType = 'FILE' | 'DIRECTORY' | 'SYMLINK';

export interface FileStatus {
  /** Full URI of the path, in the scheme and authority of the file system that answered. */
  readonly path: string;
  /** Last path component ("" for the root). */
  readonly name: string;
  readonly type: FileType;
  /** Bytes; 0 for directories. */
  readonly length: number;
  /** Milliseconds since the epoch. */
  readonly modificationTime: number;
  readonly accessTime: number;
  /** Octal permission string, as WebHDFS sends it ("644"). */
  readonly permission: string;
  readonly owner: string;
  readonly group: string;
  /** 0 for directories. */
  readonly replication: number;
  /** 0 for directories. */
  readonly blockSize: number;
}

export interface ContentSummary {
  /** Total bytes of the files under the path. */
  readonly length: number;
  readonly fileCount: number;
  /** Directories under the path, the path itself included when it is a directory. */
  readonly directoryCount: number;
  /** Bytes used counting replication. */
  readonly spaceConsumed: number;
  /** Name quota, -1 when none. */
  readonly quota: number;
  /** Space quota, -1 when none. */
  readonly spaceQuota: number;
}
