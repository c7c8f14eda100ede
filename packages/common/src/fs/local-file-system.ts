/**
 * `file://` storage with HDFS's semantics (see file-system.ts): a write is durable
 * when `close()` resolves (fsync of the file and of its directory), renames are
 * atomic and fsync the directories they touch, and the "cannot rename" cases answer
 * false as HDFS's plain rename does.
 */
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { link, lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { FileAlreadyExistsError, FileNotFoundError, InvalidArgumentError } from '../errors/index.js';
import type { ContentSummary, FileStatus } from './file-status.js';
import type { CreateOptions, DeleteOptions, FileData, FileSystem, FsOutputStream, OpenOptions } from './file-system.js';
import { errnoOf, localFsError } from './fs-errors.js';
import { parseFsUri } from './fs-path.js';
import { writeAllTo } from './fs-streams.js';
import { LocalOutputStream, fsyncDirectory } from './local-output-stream.js';

export interface LocalFileSystemOptions {
  /** fsync files on close and directories after renames (default true; false only for scratch data). */
  readonly durable?: boolean;
  /** Bytes per read of a streaming open (default 1 MiB). */
  readonly readChunkSize?: number;
}

/** Hadoop's default block size of the local file system (fs.local.block.size). */
const localBlockSize = 32 * 1024 * 1024;

export class LocalFileSystem implements FileSystem {
  readonly scheme = 'file';
  readonly uri = 'file:///';
  private readonly durable: boolean;
  private readonly readChunkSize: number;

  constructor(options: LocalFileSystemOptions = {}) {
    this.durable = options.durable ?? true;
    this.readChunkSize = options.readChunkSize ?? 1024 * 1024;
  }

  async create(path: string, options: CreateOptions = {}): Promise<FsOutputStream> {
    const local = this.toLocal(path);
    const uri = toUri(local);
    const existing = await stat(local).catch(() => undefined);
    if (existing?.isDirectory() === true) {
      throw new FileAlreadyExistsError(`Cannot create ${uri}: it already exists as a directory`, { path: uri });
    }
    if (existing !== undefined && options.overwrite !== true) {
      throw new FileAlreadyExistsError(`Cannot create ${uri}: the file already exists (pass overwrite: true to replace it)`, { path: uri });
    }
    await this.mkdirsLocal(dirname(local), uri);
    const mode = options.permission ?? 0o644;
    try {
      // 'wx' makes the existence check and the creation one atomic step: of concurrent creators exactly one wins.
      const handle = await open(local, options.overwrite === true ? 'w' : 'wx', mode);
      return new LocalOutputStream(handle, uri, local, { kind: 'unlink' }, this.durable);
    } catch (error) {
      if (errnoOf(error) === 'EISDIR') {
        throw new FileAlreadyExistsError(`Cannot create ${uri}: it already exists as a directory`, { path: uri, cause: error });
      }
      throw localFsError(error, 'create', uri);
    }
  }

  async append(path: string): Promise<FsOutputStream> {
    const local = this.toLocal(path);
    const uri = toUri(local);
    const status = await this.statLocal(local, uri, 'append to');
    if (status.isDirectory()) {
      throw new FileAlreadyExistsError(`Cannot append to ${uri}: it is a directory`, { path: uri });
    }
    try {
      const handle = await open(local, 'a');
      const { size } = await handle.stat();
      return new LocalOutputStream(handle, uri, local, { kind: 'truncate', length: size }, this.durable);
    } catch (error) {
      throw localFsError(error, 'append to', uri);
    }
  }

  async open(path: string, options: OpenOptions = {}): Promise<Readable> {
    const local = this.toLocal(path);
    const uri = toUri(local);
    const offset = options.offset ?? 0;
    const status = await this.statLocal(local, uri, 'open');
    if (status.isDirectory()) {
      throw new FileNotFoundError(`Cannot open ${uri}: it is a directory, not a file`, { path: uri });
    }
    if (!Number.isSafeInteger(offset) || offset < 0 || (offset >= status.size && status.size > 0)) {
      throw new InvalidArgumentError(`Cannot open ${uri}: offset ${offset} is out of the range [0, ${status.size})`, { path: uri });
    }
    const end = options.length === undefined ? Infinity : offset + Math.max(0, options.length);
    let handle;
    try {
      handle = await open(local, 'r');
    } catch (error) {
      throw localFsError(error, 'open', uri);
    }
    return Readable.from(readRange(handle, offset, end, this.readChunkSize, uri), { objectMode: false, highWaterMark: this.readChunkSize });
  }

  async readFile(path: string): Promise<Buffer> {
    const local = this.toLocal(path);
    try {
      return await readFile(local);
    } catch (error) {
      if (errnoOf(error) === 'EISDIR') {
        throw new FileNotFoundError(`Cannot read ${toUri(local)}: it is a directory, not a file`, { path: toUri(local), cause: error });
      }
      throw localFsError(error, 'read', toUri(local));
    }
  }

  async writeFile(path: string, data: FileData, options?: CreateOptions): Promise<void> {
    await writeAllTo(await this.create(path, options), data);
  }

  async mkdirs(path: string): Promise<void> {
    const local = this.toLocal(path);
    await this.mkdirsLocal(local, toUri(local));
  }

  async rename(src: string, dst: string): Promise<boolean> {
    const from = this.toLocal(src);
    let to = this.toLocal(dst);
    if (from === '/') return false;
    const srcStat = await lstat(from).catch(() => undefined);
    if (srcStat === undefined) return false;
    if (to === from) return true;
    if (to.startsWith(`${from}/`)) return false;
    const dstStat = await stat(to).catch(() => undefined);
    if (dstStat?.isDirectory() === true) {
      // HDFS moves the source into an existing destination directory.
      to = join(to, basename(from));
      if (to === from) return true;
      if ((await lstat(to).catch(() => undefined)) !== undefined) return false;
    } else if (dstStat !== undefined) {
      return false;
    }
    const parent = await stat(dirname(to)).catch(() => undefined);
    if (parent?.isDirectory() !== true) return false;
    try {
      if (srcStat.isDirectory()) {
        await rename(from, to);
      } else {
        // link() fails when the name exists, so two attempts racing for the same final name
        // cannot both succeed (a check-then-rename would let the second replace the first).
        await link(from, to);
        await unlink(from);
      }
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'EEXIST' || code === 'ENOENT' || code === 'ENOTEMPTY') return false;
      throw localFsError(error, `rename ${toUri(from)} to`, toUri(to));
    }
    await this.syncDirectories(dirname(from), dirname(to));
    return true;
  }

  async renameOverwrite(src: string, dst: string): Promise<void> {
    const from = this.toLocal(src);
    const to = this.toLocal(dst);
    const what = `rename ${toUri(from)} to`;
    const srcStat = await lstat(from).catch(() => undefined);
    if (srcStat === undefined) {
      throw new FileNotFoundError(`Cannot ${what} ${toUri(to)}: the source does not exist`, { path: toUri(from) });
    }
    if (from === to) {
      throw new FileAlreadyExistsError(`Cannot ${what} ${toUri(to)}: the source and the destination are the same`, { path: toUri(to) });
    }
    if (to.startsWith(`${from}/`) || to === '/') {
      throw new InvalidArgumentError(`Cannot ${what} ${toUri(to)}: the destination is the root or lies under the source`, { path: toUri(to) });
    }
    const dstStat = await lstat(to).catch(() => undefined);
    if (dstStat !== undefined && dstStat.isDirectory() !== srcStat.isDirectory()) {
      throw new FileAlreadyExistsError(`Cannot ${what} ${toUri(to)}: the source and the destination must both be directories or both files`, { path: toUri(to) });
    }
    const parent = await stat(dirname(to)).catch(() => undefined);
    if (parent === undefined) {
      throw new FileNotFoundError(`Cannot ${what} ${toUri(to)}: the destination's parent directory does not exist`, { path: toUri(to) });
    }
    if (!parent.isDirectory()) {
      throw new FileAlreadyExistsError(`Cannot ${what} ${toUri(to)}: the destination's parent is a file`, { path: toUri(to) });
    }
    try {
      await rename(from, to);
    } catch (error) {
      if (errnoOf(error) === 'ENOTEMPTY' || errnoOf(error) === 'EEXIST') {
        throw new FileAlreadyExistsError(`Cannot ${what} ${toUri(to)}: the destination is a non-empty directory`, { path: toUri(to), cause: error });
      }
      throw localFsError(error, what, toUri(to));
    }
    await this.syncDirectories(dirname(from), dirname(to));
  }

  async delete(path: string, options: DeleteOptions = {}): Promise<boolean> {
    const local = this.toLocal(path);
    const uri = toUri(local);
    if (local === '/') return false;
    const status = await lstat(local).catch(() => undefined);
    if (status === undefined) return false;
    try {
      if (!status.isDirectory()) await unlink(local);
      else if (options.recursive === true) await rm(local, { recursive: true, force: true });
      else await rmdir(local);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOENT') return false;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') {
        throw new InvalidArgumentError(`Cannot delete ${uri}: the directory is not empty (pass recursive: true to delete it with its contents)`, { path: uri, cause: error });
      }
      throw localFsError(error, 'delete', uri);
    }
    if (this.durable) await fsyncDirectory(dirname(local)).catch(() => undefined);
    return true;
  }

  async list(path: string): Promise<FileStatus[]> {
    const local = this.toLocal(path);
    const uri = toUri(local);
    const status = await this.statLocal(local, uri, 'list');
    if (!status.isDirectory()) return [toFileStatus(local, status)];
    let names: string[];
    try {
      names = await readdir(local);
    } catch (error) {
      throw localFsError(error, 'list', uri);
    }
    names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const entries = await Promise.all(
      names.map(async (name) => {
        const child = join(local, name);
        // An entry deleted between readdir and stat is simply no longer listed.
        const childStat = await stat(child).catch(() => undefined);
        return childStat === undefined ? undefined : toFileStatus(child, childStat);
      }),
    );
    return entries.filter((e): e is FileStatus => e !== undefined);
  }

  async stat(path: string): Promise<FileStatus> {
    const local = this.toLocal(path);
    return toFileStatus(local, await this.statLocal(local, toUri(local), 'stat'));
  }

  async exists(path: string): Promise<boolean> {
    return (await stat(this.toLocal(path)).catch(() => undefined)) !== undefined;
  }

  async contentSummary(path: string): Promise<ContentSummary> {
    const local = this.toLocal(path);
    const uri = toUri(local);
    const root = await this.statLocal(local, uri, 'summarise');
    let length = 0;
    let fileCount = 0;
    let directoryCount = 0;
    // Walk with an explicit stack: checkpoint trees can be deep and wide.
    const stack: Array<[string, Stats]> = [[local, root]];
    while (stack.length > 0) {
      const [current, info] = stack.pop() as [string, Stats];
      if (!info.isDirectory()) {
        fileCount++;
        length += info.size;
        continue;
      }
      directoryCount++;
      const names = await readdir(current).catch(() => [] as string[]);
      for (const name of names) {
        const child = join(current, name);
        const childStat = await stat(child).catch(() => undefined);
        if (childStat !== undefined) stack.push([child, childStat]);
      }
    }
    return { length, fileCount, directoryCount, spaceConsumed: length, quota: -1, spaceQuota: -1 };
  }

  async close(): Promise<void> {
    // Nothing is held between calls.
  }

  /** The local path of a `file://` URI or an absolute path. */
  toLocal(path: string): string {
    const uri = parseFsUri(path);
    if ((uri.scheme !== '' && uri.scheme !== 'file') || (uri.authority !== '' && uri.authority !== 'localhost')) {
      throw new InvalidArgumentError(`Path ${path} does not belong to the local file system (expected file:///…)`, { path });
    }
    return uri.path;
  }

  private async statLocal(local: string, uri: string, action: string): Promise<Stats> {
    try {
      return await stat(local);
    } catch (error) {
      throw localFsError(error, action, uri);
    }
  }

  private async mkdirsLocal(local: string, uri: string): Promise<void> {
    const existing = await stat(local).catch(() => undefined);
    if (existing !== undefined) {
      if (existing.isDirectory()) return;
      throw new FileAlreadyExistsError(`Cannot create directory ${toUri(local)}: a file exists at that path`, { path: uri });
    }
    let first: string | undefined;
    try {
      first = await mkdir(local, { recursive: true });
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOTDIR' || code === 'EEXIST') {
        throw new FileAlreadyExistsError(`Cannot create directory ${toUri(local)}: a parent of it is a file`, { path: uri, cause: error });
      }
      throw localFsError(error, 'create directory', uri);
    }
    if (!this.durable || first === undefined) return;
    // Each new directory's name lives in its parent: fsync from the parent of the first one down.
    for (let dir = dirname(local); ; dir = dirname(dir)) {
      await fsyncDirectory(dir).catch(() => undefined);
      if (dir === dirname(first) || dir === '/') break;
    }
  }

  private async syncDirectories(a: string, b: string): Promise<void> {
    if (!this.durable) return;
    await fsyncDirectory(a);
    if (b !== a) await fsyncDirectory(b);
  }
}

async function* readRange(
  handle: FileHandle,
  start: number,
  end: number,
  chunkSize: number,
  uri: string,
): AsyncGenerator<Buffer> {
  try {
    let position = start;
    while (position < end) {
      const want = Math.min(chunkSize, end - position);
      const buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(buffer, 0, want, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield bytesRead < want ? buffer.subarray(0, bytesRead) : buffer;
    }
  } catch (error) {
    throw localFsError(error, 'read', uri);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function toUri(local: string): string {
  return `file://${local}`;
}

const currentUser = (() => {
  try {
    return { uid: userInfo().uid, name: userInfo().username };
  } catch {
    return { uid: -1, name: '' };
  }
})();

function toFileStatus(local: string, info: Stats): FileStatus {
  const directory = info.isDirectory();
  return {
    path: toUri(local),
    name: basename(local),
    type: directory ? 'DIRECTORY' : info.isSymbolicLink() ? 'SYMLINK' : 'FILE',
    length: directory ? 0 : info.size,
    modificationTime: Math.floor(info.mtimeMs),
    accessTime: Math.floor(info.atimeMs),
    permission: (info.mode & 0o777).toString(8),
    owner: info.uid === currentUser.uid ? currentUser.name : String(info.uid),
    group: String(info.gid),
    replication: directory ? 0 : 1,
    blockSize: directory ? 0 : localBlockSize,
  };
}

