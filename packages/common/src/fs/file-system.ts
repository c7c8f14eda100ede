/**
 * The storage contract under checkpoints (docs/DESIGN.md §1): one interface, implemented
 * for `file://` (LocalFileSystem) and for WebHDFS (`webhdfs://`, `hdfs://`).
 *
 * The semantics are HDFS's, so that code proven on the local disk behaves the same
 * on a cluster: `create` with overwrite=false is an atomic existence check, plain
 * `rename` answers false (never throws) for the usual "cannot" cases, and
 * `renameOverwrite` is the one atomic replace. Paths are URIs of this file system
 * (`file:///tmp/x`, `webhdfs://nn:9870/ckpt/x`) or absolute paths on it (`/ckpt/x`);
 * the path part is raw text, never percent-encoded (the WebHDFS client encodes on
 * the wire).
 */
import type { Readable } from 'node:stream';
import type { ContentSummary, FileStatus } from './file-status.js';

export interface CreateOptions {
  /** Replace an existing file (default false: fail with FileAlreadyExistsError). */
  readonly overwrite?: boolean;
  /** Octal permission of the new file (default 0o644). */
  readonly permission?: number;
}

export interface OpenOptions {
  /** First byte to read (default 0); must be below the length of a non-empty file. */
  readonly offset?: number;
  /** Bytes to read at most (default: to the end). */
  readonly length?: number;
}

export interface DeleteOptions {
  /** Delete a non-empty directory with everything under it (default false). */
  readonly recursive?: boolean;
}

/** Bytes written to a file system, as async iterables are the common ground of streams and generators. */
export type FileData = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * A file being written. Bytes are streamed as `write` is called; `close()` resolves
 * once they are durable (fsync on the local disk, the datanode's answer on HDFS) and
 * rejects with a typed error when the write failed.
 */
export interface FsOutputStream {
  /** URI of the file being written. */
  readonly path: string;
  /** Bytes accepted so far. */
  readonly bytesWritten: number;
  /**
   * Resolves when the chunk is accepted (backpressure); rejects once the write has
   * failed. The chunk is not copied (as with Node streams): do not modify it
   * afterwards — pass a copy to reuse a buffer.
   */
  write(chunk: Uint8Array): Promise<void>;
  /** Ends the file and waits until it is durable. */
  close(): Promise<void>;
  /**
   * Gives the write up. What stays behind depends on the backend (HDFS keeps a partial
   * file; the local disk and the embedded server keep none): write to a temp name
   * (see `writeAtomically`) when no trace may remain.
   */
  abort(reason?: unknown): Promise<void>;
}

export interface FileSystem {
  /** Scheme of the URIs this file system answers for: 'file', 'webhdfs' or 'hdfs'. */
  readonly scheme: string;
  /** URI of the root of this file system: `file:///`, `webhdfs://host:port/`. */
  readonly uri: string;

  /** Starts writing a file (parents are created as needed); see FsOutputStream. */
  create(path: string, options?: CreateOptions): Promise<FsOutputStream>;
  /** Starts appending to an existing file. */
  append(path: string): Promise<FsOutputStream>;
  /** Opens a file for a streaming read; errors of the open itself (missing file, bad offset) reject here. */
  open(path: string, options?: OpenOptions): Promise<Readable>;
  /** Reads a whole file. */
  readFile(path: string): Promise<Buffer>;
  /** Writes a whole file (create, write every chunk, close). */
  writeFile(path: string, data: FileData, options?: CreateOptions): Promise<void>;

  /** Creates a directory and its missing parents; succeeds when it already exists. */
  mkdirs(path: string): Promise<void>;
  /**
   * HDFS's plain rename: true when renamed; false (not an error) when the source is
   * missing, the destination exists as a file, its parent is missing, or it lies under
   * the source. An existing destination directory receives the source inside it.
   */
  rename(src: string, dst: string): Promise<boolean>;
  /** Atomic replace: readers see the old destination or the new one, never a mix. */
  renameOverwrite(src: string, dst: string): Promise<void>;
  /** true when something was deleted, false when the path did not exist. */
  delete(path: string, options?: DeleteOptions): Promise<boolean>;

  /** A directory's entries sorted by name; a file lists as itself. */
  list(path: string): Promise<FileStatus[]>;
  stat(path: string): Promise<FileStatus>;
  exists(path: string): Promise<boolean>;
  contentSummary(path: string): Promise<ContentSummary>;

  /** Releases connections and handles; the file system must not be used afterwards. */
  close(): Promise<void>;
}
