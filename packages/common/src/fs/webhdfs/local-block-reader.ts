/**
 * The body of a short-circuit read: `length` bytes from `offset` of a file this
 * process opened itself, read with positioned reads through the descriptor. Reading
 * through the descriptor is what keeps a read whole: the server replaces a file by
 * rename, which leaves this inode (and so these bytes) as they were until the
 * descriptor is closed. A file cut short in place (TRUNCATE) is an error, as the
 * datanode's OPEN reports it, never a silently shorter read.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ErrorCode, KindlingError } from '../../errors/index.js';

/** Bytes per read: the raw read baseline of the storage bench reads 1 MiB chunks too. */
const chunkBytes = 1024 * 1024;

export class LocalBlockReader extends Readable {
  private position: number;
  private readonly end: number;

  constructor(
    private readonly handle: FileHandle,
    offset: number,
    private readonly length: number,
    private readonly uri: string,
    /** Called once, with the bytes read, when the whole range has been read. */
    private readonly onComplete: (bytes: number) => void,
  ) {
    super({ highWaterMark: chunkBytes });
    this.position = offset;
    this.end = offset + length;
  }

  override _read(): void {
    const wanted = Math.min(chunkBytes, this.end - this.position);
    if (wanted <= 0) {
      this.push(null);
      return;
    }
    // A fresh buffer per chunk: the consumer may keep it (a ring would be overwritten under it).
    this.handle.read(Buffer.allocUnsafe(wanted), 0, wanted, this.position).then(
      ({ bytesRead, buffer }) => {
        if (this.destroyed) return;
        if (bytesRead === 0) {
          this.destroy(new KindlingError(ErrorCode.DataCorruption, `Cannot read ${this.uri}: the file became shorter while it was read (at byte ${this.position} of ${this.end})`, { path: this.uri }));
          return;
        }
        this.position += bytesRead;
        if (this.position >= this.end) this.onComplete(this.length);
        this.push(bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead));
      },
      (error: unknown) => this.destroy(error as Error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }
}
