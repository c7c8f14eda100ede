/**
 * The HDFS namespace of the embedded server: HDFS path `/a/b` is file `DIR/a/b`, so
 * the data survives restarts and can be inspected with ordinary tools. The server's
 * own state lives in `DIR/.reserved` (a name HDFS itself reserves), invisible to
 * clients: uploads are written to `DIR/.reserved/tmp/<uuid>` and only linked or
 * renamed into the namespace once complete, so an interrupted write leaves nothing
 * visible; stale uploads of a crashed server are swept at start.
 */
import { randomUUID } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, mkdir, readdir, realpath, rm, stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { fsyncDirectory, type FileStatusJson, type ContentSummaryJson } from '@kindling/common';
import { Hdfs, fromLocalError } from './hdfs-exception.js';
import { NamespaceLock } from './namespace-lock.js';

/** HDFS's default block size (dfs.blocksize), reported for files. */
export const hdfsBlockSize = 128 * 1024 * 1024;
const reservedName = '.reserved';

export class HdfsNamespace {
  readonly lock = new NamespaceLock();
  readonly group = 'supergroup';

  private constructor(
    /** Real path of DIR. */
    readonly root: string,
    /** Owner reported for every file (ownership is not tracked per file). */
    readonly owner: string,
    /** Block size reported for every file (dfs.blocksize): readers such as textFile split by it. */
    readonly blockSize: number,
  ) {}

  /** Opens DIR (creating it), and sweeps uploads a previous run left unfinished. */
  static async open(dir: string, owner: string, blockSize = hdfsBlockSize): Promise<HdfsNamespace> {
    await mkdir(dir, { recursive: true });
    const ns = new HdfsNamespace(await realpath(dir), owner, blockSize);
    await rm(ns.tmpDir, { recursive: true, force: true });
    await mkdir(ns.tmpDir, { recursive: true, mode: 0o700 });
    return ns;
  }

  /** The server's own state, invisible to clients. */
  get reservedDir(): string {
    return join(this.root, reservedName);
  }

  get tmpDir(): string {
    return join(this.reservedDir, 'tmp');
  }

  /** A fresh name for an upload in progress, outside the visible namespace but on the same file system (for link/rename). */
  newTempPath(): string {
    return join(this.tmpDir, randomUUID());
  }

  /** The local file of a validated HDFS path; the reserved area is not addressable. */
  local(hdfsPath: string): string {
    if (hdfsPath === `/${reservedName}` || hdfsPath.startsWith(`/${reservedName}/`)) throw Hdfs.invalidPath(hdfsPath);
    return hdfsPath === '/' ? this.root : join(this.root, hdfsPath);
  }

  /**
   * Rejects a path that resolves outside DIR through a symbolic link someone placed
   * in it (the lexical checks of decodeHdfsPath already reject '..').
   */
  async guard(hdfsPath: string): Promise<string> {
    const local = this.local(hdfsPath);
    for (let probe = local; ; probe = dirname(probe)) {
      let real: string;
      try {
        real = await realpath(probe);
      } catch {
        if (probe === this.root) return local;
        continue;
      }
      if (real !== this.root && !real.startsWith(`${this.root}/`)) throw Hdfs.invalidPath(hdfsPath);
      return local;
    }
  }

  /** Throws HDFS's ParentNotDirectoryException when an ancestor of the path is a file. */
  async checkAncestors(hdfsPath: string): Promise<void> {
    if (hdfsPath === '/') return;
    const parent = posix.dirname(hdfsPath);
    const direct = await stat(this.local(parent)).catch(() => undefined);
    if (direct?.isDirectory() === true) return;
    const parts = parent.split('/').filter((p) => p !== '');
    let current = '';
    for (const part of parts) {
      current = `${current}/${part}`;
      const info = await stat(this.local(current)).catch(() => undefined);
      if (info === undefined) return;
      if (!info.isDirectory()) throw Hdfs.parentNotDirectory(`${current} (is not a directory)`);
    }
  }

  async statOrUndefined(hdfsPath: string): Promise<Stats | undefined> {
    try {
      return await stat(this.local(hdfsPath));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw fromLocalError(error, hdfsPath);
    }
  }

  /** Directory entries visible to clients, sorted as HDFS sorts them (UTF-8 byte order). */
  async children(hdfsPath: string): Promise<string[]> {
    const names = await readdir(this.local(hdfsPath));
    const visible = hdfsPath === '/' ? names.filter((n) => n !== reservedName) : names;
    return visible.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /** FileStatus JSON with every field, keys in Hadoop's (sorted) order. */
  async fileStatus(hdfsPath: string, info: Stats, pathSuffix: string): Promise<FileStatusJson> {
    const directory = info.isDirectory();
    const childrenNum = directory ? (await this.children(hdfsPath).catch(() => [])).length : 0;
    return {
      accessTime: directory ? 0 : Math.floor(info.atimeMs),
      blockSize: directory ? 0 : this.blockSize,
      childrenNum,
      fileId: Number(info.ino),
      group: this.group,
      length: directory ? 0 : info.size,
      modificationTime: Math.floor(info.mtimeMs),
      owner: this.owner,
      pathSuffix,
      permission: (info.mode & 0o777).toString(8),
      replication: directory ? 0 : 1,
      storagePolicy: 0,
      type: directory ? 'DIRECTORY' : info.isSymbolicLink() ? 'SYMLINK' : 'FILE',
    };
  }

  async contentSummary(hdfsPath: string, info: Stats): Promise<ContentSummaryJson & { typeQuota: Record<string, never> }> {
    let length = 0;
    let fileCount = 0;
    let directoryCount = 0;
    // An explicit stack: checkpoint trees can be deep.
    const stack: Array<[string, Stats]> = [[hdfsPath, info]];
    while (stack.length > 0) {
      const [path, entry] = stack.pop() as [string, Stats];
      if (!entry.isDirectory()) {
        fileCount++;
        length += entry.size;
        continue;
      }
      directoryCount++;
      for (const name of await this.children(path).catch(() => [])) {
        const child = posix.join(path, name);
        const childInfo = await stat(this.local(child)).catch(() => undefined);
        if (childInfo !== undefined) stack.push([child, childInfo]);
      }
    }
    return { directoryCount, fileCount, length, quota: -1, spaceConsumed: length, spaceQuota: -1, typeQuota: {} };
  }

  /** Creates a directory and its parents with `mode` (umask aside), fsyncing each new name. */
  async mkdirs(hdfsPath: string, mode: number): Promise<void> {
    const local = this.local(hdfsPath);
    const first = await mkdir(local, { recursive: true, mode });
    if (first === undefined) return;
    for (let dir = local; dir.length >= first.length; dir = dirname(dir)) {
      await chmod(dir, mode);
      await fsyncDirectory(dirname(dir));
    }
  }
}
