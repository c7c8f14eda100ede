/**
 * A file being written on the local disk. Writes are serialised through one promise
 * chain so that callers who do not await each write still get their bytes in order;
 * `close()` fsyncs the file and its directory before resolving, so a checkpoint that
 * reports success survives a power cut.
 */
import type { FileHandle } from 'node:fs/promises';
import { open, truncate, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError, type KindlingError } from '../errors/index.js';
import type { FsOutputStream } from './file-system.js';
import { localFsError } from './fs-errors.js';

/** What to undo when a write fails or is aborted: remove a created file, or cut an append back. */
const syncBehindBytes = 32 * 1024 * 1024;

export type LocalUndo = { readonly kind: 'unlink' } | { readonly kind: 'truncate'; readonly length: number };

export class LocalOutputStream implements FsOutputStream {
  private tail: Promise<void> = Promise.resolve();
  private failure: KindlingError | undefined;
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  private written = 0;
  /** Bytes written since the last background sync was started. */
  private unsynced = 0;
  private backgroundSync: Promise<void> | undefined;

  constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly localPath: string,
    private readonly undo: LocalUndo,
    private readonly durable: boolean,
  ) {}

  get bytesWritten(): number {
    return this.written;
  }

  write(chunk: Uint8Array): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.notOpen());
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const next = this.tail.then(async () => {
      if (this.failure !== undefined) throw this.failure;
      let offset = 0;
      try {
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await this.handle.write(chunk, offset, chunk.byteLength - offset, null);
          offset += bytesWritten;
        }
      } catch (error) {
        this.failure = localFsError(error, 'write', this.path);
        throw this.failure;
      } finally {
        this.written += offset;
        this.unsynced += offset;
      }
      this.syncBehind();
    });
    // The chain must survive a failed write so close()/abort() still run after it.
    this.tail = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.state !== 'open') throw this.notOpen();
    this.state = 'closing';
    await this.tail;
    try {
      if (this.failure !== undefined) throw this.failure;
      await this.backgroundSync;
      if (this.durable) await this.handle.datasync();
      await this.handle.close();
      if (this.durable) await fsyncDirectory(dirname(this.localPath));
      this.state = 'closed';
    } catch (error) {
      const failure = this.failure ?? localFsError(error, 'write', this.path);
      await this.discard();
      throw failure;
    }
  }

  async abort(): Promise<void> {
    if (this.state === 'closed' || this.state === 'aborted') return;
    this.state = 'aborted';
    await this.tail;
    await this.discard();
  }

  /**
   * Starts an fdatasync in the background every `syncBehindBytes` (as HDFS datanodes
   * sync behind writes), so the disk flushes while later bytes are written and the
   * fsync in close() has only the tail left: durability at close without paying for
   * the whole flush after the last byte.
   */
  private syncBehind(): void {
    if (!this.durable || this.backgroundSync !== undefined || this.unsynced < syncBehindBytes) return;
    this.unsynced = 0;
    this.backgroundSync = this.handle.datasync().then(
      () => {
        this.backgroundSync = undefined;
      },
      (error: unknown) => {
        this.backgroundSync = undefined;
        this.failure ??= localFsError(error, 'write', this.path);
      },
    );
  }

  /** Leaves no partial data behind: the created file is removed, an append is cut back. */
  private async discard(): Promise<void> {
    this.state = 'aborted';
    await this.backgroundSync;
    await this.handle.close().catch(() => undefined);
    if (this.undo.kind === 'unlink') await unlink(this.localPath).catch(() => undefined);
    else await truncate(this.localPath, this.undo.length).catch(() => undefined);
  }

  private notOpen(): KindlingError {
    return new InvalidArgumentError(`Cannot write ${this.path}: the stream is already ${this.state}`, { path: this.path });
  }
}

/** fsync of a directory makes the names created or renamed in it durable (POSIX leaves them in memory until then). */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
