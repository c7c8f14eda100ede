/**
 * HDFS through WebHDFS (reference/webhdfs.md), on node:http (webhdfs-http.ts). `hdfs://host:port`
 * is the same client on the namenode's HTTP port (default 9870). Every `{"boolean"}`
 * answer is checked; `renameOverwrite` is RENAME with `renameoptions=OVERWRITE`, one
 * atomic namenode operation. Reads of files on a datanode of this host skip HTTP
 * where the server allows it (webhdfs-short-circuit.ts).
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { ErrorCode, InvalidArgumentError, KindlingError, RemoteFileSystemError } from '../../errors/index.js';
import type { ContentSummary, FileStatus } from '../file-status.js';
import type { CreateOptions, DeleteOptions, FileData, FileSystem, FsOutputStream, OpenOptions } from '../file-system.js';
import { formatFsUri, normalizePath, parseFsUri } from '../fs-path.js';
import { readAll, writeAllTo } from '../fs-streams.js';
import { remoteCause, remoteError } from './remote-exception.js';
import { openDatanodeStream } from './webhdfs-input.js';
import {
  toContentSummary,
  toFileStatus,
  type ContentSummaryJson,
  type FileChecksumJson,
  type FileStatusJson,
} from './webhdfs-json.js';
import type { WebHdfsOptions } from './webhdfs-options.js';
import { WebHdfsOutputStream } from './webhdfs-output-stream.js';
import { ShortCircuitReads, type ReadStatistics } from './webhdfs-short-circuit.js';
import { WebHdfsTransport, type HttpMethod, type WebHdfsParams } from './webhdfs-transport.js';

/** Hadoop 3's namenode HTTP port. */
export const defaultWebHdfsPort = 9870;

interface Resolved {
  /** Absolute HDFS path, raw. */
  readonly path: string;
  /** Full URI, for statuses and messages. */
  readonly uri: string;
}

export class WebHdfsFileSystem implements FileSystem {
  readonly scheme: string;
  readonly uri: string;
  readonly authority: string;
  private readonly transport: WebHdfsTransport;
  private readonly statistics: ReadStatistics = { totalBytesRead: 0, totalShortCircuitBytesRead: 0 };
  private readonly shortCircuit: ShortCircuitReads;

  /** `uri`: `webhdfs://host:port` or `hdfs://host:port` (the namenode's HTTP address). */
  constructor(uri: string, options: WebHdfsOptions = {}) {
    const parsed = parseFsUri(uri);
    if (parsed.scheme !== 'webhdfs' && parsed.scheme !== 'hdfs') {
      throw new InvalidArgumentError(`${uri} is not a WebHDFS URI: expected webhdfs://host:port or hdfs://host:port`);
    }
    if (parsed.authority === '') {
      throw new InvalidArgumentError(`${uri} names no namenode: expected ${parsed.scheme}://host:${defaultWebHdfsPort}/path`);
    }
    this.scheme = parsed.scheme;
    this.authority = withDefaultPort(parsed.authority);
    this.uri = `${this.scheme}://${this.authority}/`;
    this.transport = new WebHdfsTransport(this.authority, options);
    this.shortCircuit = new ShortCircuitReads(this.transport, options.shortCircuitReads ?? true, this.statistics);
  }

  async create(path: string, options: CreateOptions = {}): Promise<FsOutputStream> {
    const { path: hdfsPath, uri } = this.resolve(path);
    const params: WebHdfsParams = {
      overwrite: options.overwrite === true,
      permission: options.permission === undefined ? undefined : options.permission.toString(8),
    };
    const target = await this.transport.locate({ method: 'PUT', op: 'CREATE', path: hdfsPath, params, idempotent: true, action: 'create', uri });
    return new WebHdfsOutputStream(this.transport, { op: 'CREATE', method: 'PUT', target, expectedStatus: 201, uri, action: 'create' });
  }

  async append(path: string): Promise<FsOutputStream> {
    const { path: hdfsPath, uri } = this.resolve(path);
    const target = await this.transport.locate({ method: 'POST', op: 'APPEND', path: hdfsPath, idempotent: true, action: 'append to', uri });
    return new WebHdfsOutputStream(this.transport, { op: 'APPEND', method: 'POST', target, expectedStatus: 200, uri, action: 'append to' });
  }

  async open(path: string, options: OpenOptions = {}): Promise<Readable> {
    const { path: hdfsPath, uri } = this.resolve(path);
    const params: WebHdfsParams = { offset: options.offset, length: options.length };
    const call = { method: 'GET' as const, op: 'OPEN', path: hdfsPath, params, idempotent: true, action: 'open', uri };
    // Both steps move no data until the body is read, so the pair is retried as one.
    return this.transport.withRetries(call, async () => {
      let target: URL | undefined;
      if (this.shortCircuit.usable) {
        const outcome = await this.shortCircuit.tryOpen(call, options.offset ?? 0, options.length);
        if ('stream' in outcome) return outcome.stream;
        if ('openUrl' in outcome) target = outcome.openUrl;
      }
      target ??= await this.transport.locateOnce(call);
      return openDatanodeStream(this.transport, { target, uri, statistics: this.statistics });
    });
  }

  /** Bytes read by this file system's streams, and how many of them short-circuit (Hadoop's `ReadStatistics`). */
  readStatistics(): Readonly<ReadStatistics> {
    return { ...this.statistics };
  }

  async readFile(path: string): Promise<Buffer> {
    return readAll(await this.open(path));
  }

  async writeFile(path: string, data: FileData, options?: CreateOptions): Promise<void> {
    await writeAllTo(await this.create(path, options), data);
  }

  async mkdirs(path: string): Promise<void> {
    const { path: hdfsPath, uri } = this.resolve(path);
    const made = await this.booleanCall('PUT', 'MKDIRS', hdfsPath, uri, 'create directory', true);
    if (!made) throw new RemoteFileSystemError(`Cannot create directory ${uri}: the namenode answered false`, 'MkdirsFailed', 200, { path: uri });
  }

  async rename(src: string, dst: string): Promise<boolean> {
    const from = this.resolve(src);
    const to = this.resolve(dst);
    return this.booleanCall('PUT', 'RENAME', from.path, to.uri, `rename ${from.uri} to`, false, { destination: to.path });
  }

  async renameOverwrite(src: string, dst: string): Promise<void> {
    const from = this.resolve(src);
    const to = this.resolve(dst);
    const answer = await this.transport.json<{ boolean?: boolean }>({
      method: 'PUT',
      op: 'RENAME',
      path: from.path,
      params: { destination: to.path, renameoptions: 'OVERWRITE' },
      idempotent: false,
      action: `rename ${from.uri} to`,
      uri: to.uri,
    });
    // With renameoptions Hadoop answers an empty 200 and raises every failure; a
    // {"boolean": false} here means a server that ignored the option.
    if (answer?.boolean === false) {
      throw new RemoteFileSystemError(`Cannot rename ${from.uri} to ${to.uri}: the namenode answered false to RENAME with renameoptions=OVERWRITE`, 'RenameFailed', 200, {
        path: to.uri,
      });
    }
  }

  async delete(path: string, options: DeleteOptions = {}): Promise<boolean> {
    const { path: hdfsPath, uri } = this.resolve(path);
    // Idempotent in effect (a retry after a lost answer finds nothing and says false), as Hadoop's client treats it.
    return this.booleanCall('DELETE', 'DELETE', hdfsPath, uri, 'delete', true, { recursive: options.recursive === true });
  }

  async list(path: string): Promise<FileStatus[]> {
    const { path: hdfsPath, uri } = this.resolve(path);
    const answer = await this.transport.json<{ FileStatuses?: { FileStatus?: FileStatusJson[] } }>({
      method: 'GET',
      op: 'LISTSTATUS',
      path: hdfsPath,
      idempotent: true,
      action: 'list',
      uri,
    });
    const entries = answer?.FileStatuses?.FileStatus ?? [];
    return entries.map((entry) =>
      entry.pathSuffix === ''
        ? toFileStatus(entry, uri, posix.basename(hdfsPath))
        : toFileStatus(entry, this.toUri(posix.join(hdfsPath, entry.pathSuffix)), entry.pathSuffix),
    );
  }

  async stat(path: string): Promise<FileStatus> {
    const { path: hdfsPath, uri } = this.resolve(path);
    const answer = await this.transport.json<{ FileStatus?: FileStatusJson }>({ method: 'GET', op: 'GETFILESTATUS', path: hdfsPath, idempotent: true, action: 'stat', uri });
    if (answer?.FileStatus === undefined) throw this.malformed(uri, 'GETFILESTATUS');
    return toFileStatus(answer.FileStatus, uri, posix.basename(hdfsPath));
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.stat(path);
      return true;
    } catch (error) {
      if (error instanceof KindlingError && error.code === ErrorCode.NotFound) return false;
      // Hadoop 3 raises this for a path under a file: such a path does not exist either.
      if (remoteCause(error)?.exception === 'ParentNotDirectoryException') return false;
      throw error;
    }
  }

  async contentSummary(path: string): Promise<ContentSummary> {
    const { path: hdfsPath, uri } = this.resolve(path);
    const answer = await this.transport.json<{ ContentSummary?: ContentSummaryJson }>({
      method: 'GET',
      op: 'GETCONTENTSUMMARY',
      path: hdfsPath,
      idempotent: true,
      action: 'summarise',
      uri,
    });
    if (answer?.ContentSummary === undefined) throw this.malformed(uri, 'GETCONTENTSUMMARY');
    return toContentSummary(answer.ContentSummary);
  }

  /** CONCAT: appends the sources to `target` in order and removes them. */
  async concat(target: string, sources: readonly string[]): Promise<void> {
    const { path: hdfsPath, uri } = this.resolve(target);
    const paths = sources.map((s) => this.resolve(s).path);
    await this.transport.json({ method: 'POST', op: 'CONCAT', path: hdfsPath, params: { sources: paths.join(',') }, idempotent: false, action: 'concat into', uri });
  }

  /** TRUNCATE: true when the file has its new length at once, false while HDFS recovers the last block. */
  async truncate(path: string, newLength: number): Promise<boolean> {
    const { path: hdfsPath, uri } = this.resolve(path);
    return this.booleanCall('POST', 'TRUNCATE', hdfsPath, uri, 'truncate', false, { newlength: newLength });
  }

  /** GETFILECHECKSUM (answered by a datanode): HDFS's MD5-of-MD5-of-CRC32C checksum. */
  async fileChecksum(path: string): Promise<FileChecksumJson> {
    const { path: hdfsPath, uri } = this.resolve(path);
    const call = { method: 'GET' as const, op: 'GETFILECHECKSUM', path: hdfsPath, idempotent: true, action: 'checksum', uri };
    return this.transport.withRetries(call, async () => {
      const target = await this.transport.locateOnce(call);
      try {
        const { status, text } = await this.transport.exchange(target, 'GET', 'checksum', uri, target.host);
        if (status !== 200) throw remoteError(status, text, 'checksum', uri);
        const parsed = JSON.parse(text) as { FileChecksum?: FileChecksumJson };
        if (parsed.FileChecksum === undefined) throw this.malformed(uri, 'GETFILECHECKSUM');
        return parsed.FileChecksum;
      } catch (error) {
        throw this.transport.networkError(error, 'checksum', uri, target.host);
      }
    });
  }

  async close(): Promise<void> {
    this.transport.close();
  }

  /** The HDFS path and full URI of a path given as a URI of this file system or as an absolute path. */
  resolve(path: string): Resolved {
    const parsed = parseFsUri(path);
    const foreignScheme = parsed.scheme !== '' && parsed.scheme !== 'webhdfs' && parsed.scheme !== 'hdfs';
    const foreignHost = parsed.authority !== '' && withDefaultPort(parsed.authority) !== this.authority;
    if (foreignScheme || foreignHost) {
      throw new InvalidArgumentError(`Path ${path} does not belong to ${this.uri}`, { path });
    }
    return { path: parsed.path, uri: this.toUri(parsed.path) };
  }

  private toUri(hdfsPath: string): string {
    return formatFsUri({ scheme: this.scheme, authority: this.authority, path: normalizePath(hdfsPath) });
  }

  private async booleanCall(
    method: HttpMethod,
    op: string,
    path: string,
    uri: string,
    action: string,
    idempotent: boolean,
    params?: WebHdfsParams,
  ): Promise<boolean> {
    const answer = await this.transport.json<{ boolean?: unknown }>({ method, op, path, idempotent, action, uri, ...(params === undefined ? {} : { params }) });
    if (typeof answer?.boolean !== 'boolean') throw this.malformed(uri, op);
    return answer.boolean;
  }

  private malformed(uri: string, op: string): RemoteFileSystemError {
    return new RemoteFileSystemError(`Cannot read the namenode's answer to ${op} for ${uri}: a field is missing`, 'MalformedAnswer', 200, { path: uri });
  }
}

function withDefaultPort(authority: string): string {
  return /:\d+$/.test(authority) ? authority : `${authority}:${defaultWebHdfsPort}`;
}
