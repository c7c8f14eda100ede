/**
 * Writes one partition to its checkpoint file while the task computes it (the fix of
 * SPARK-8582 that Spark never made for RDDs): every record the partition's iterator
 * yields is also handed to a FramedWriter, and once the iterator is drained the file
 * is committed — so marking an RDD before its first job costs no second computation.
 *
 * `compute` is synchronous and file systems are not, so the framed bytes go to a
 * local file with synchronous writes as records flow, and the async part (upload,
 * rename) waits until the task's iterator is done:
 *
 * - `file://`: the local file IS the attempt's temp file in the checkpoint directory;
 *   committing is an fsync and the first-writer-wins rename.
 * - WebHDFS: the local file is a spool in the executor's work directory; committing
 *   streams it to the attempt's temp file on HDFS, then renames.
 *
 * Why not buffer the bytes in memory and write them asynchronously? A synchronous
 * compute never yields to the event loop, so an async writer could not drain before
 * the partition ends: the whole partition's bytes would sit in memory. Measured
 * (checkpoint.bench.ts, section 3: 750,000 [string, {…}] records, 33 MB framed, 2
 * shared cores): synchronous writes as records flow took 533 ms and held ~3 MB of
 * buffers; buffering in memory and writing after took 590 ms and held ~37 MB — the
 * whole partition. Serializing dominates both; the spool is no slower and keeps
 * memory at about one batch whatever the partition's size.
 *
 * A partition whose iterator was not drained (take, first) is not complete: its file
 * is deleted, never committed; the driver's follow-up job writes it.
 */
import { closeSync, createReadStream, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { commitTaskAttempt, getFileSystem, parseFsUri, Path, type TaskCommitOutcome } from '../fs/index.js';
import type { Logger } from '../log/index.js';
import { FramedWriter, getCodec, getSerializer } from '../serializer/index.js';
import { partFilePath, partTempFileName } from './checkpoint-files.js';

/** What a task must know to tee an RDD's partitions into its checkpoint (shipped in the RDD's plan). */
export interface CheckpointTeeSpec {
  readonly rddId: number;
  /** URI of the RDD's checkpoint directory, `<checkpointDir>/rdd-<id>`. */
  readonly rddDir: string;
  /** Serializer and codec names (the driver's configuration decides, not the executor's). */
  readonly serializer: string;
  readonly codec: string;
}

export type TeeOutcome = TaskCommitOutcome | 'incomplete';

/** Bytes read per chunk when uploading a spool file: the framed batches' size. */
const UPLOAD_CHUNK_BYTES = 1 << 20;

export class PartitionCheckpointTee {
  readonly finalPath: string;
  readonly tempPath: string;
  /** Local file the bytes go to: the temp file itself (file://) or a spool (remote). */
  private readonly localPath: string;
  private readonly inPlace: boolean;
  private readonly writer: FramedWriter;
  private fd: number | undefined;
  private complete = false;

  constructor(
    readonly spec: CheckpointTeeSpec,
    readonly partitionIndex: number,
    readonly taskAttemptId: number,
    spoolDir: string,
  ) {
    this.finalPath = partFilePath(spec.rddDir, partitionIndex);
    this.tempPath = Path.join(spec.rddDir, partTempFileName(partitionIndex, taskAttemptId));
    const uri = parseFsUri(this.tempPath);
    this.inPlace = uri.scheme === '' || uri.scheme === 'file';
    this.localPath = this.inPlace ? uri.path : join(spoolDir, `rdd-${spec.rddId}${partTempFileName(partitionIndex, taskAttemptId)}`);
    mkdirSync(dirname(this.localPath), { recursive: true });
    // 'wx': like create(overwrite=false), never reuse a file someone else is writing.
    this.fd = openSync(this.localPath, 'wx');
    const fd = this.fd;
    this.writer = new FramedWriter((chunk) => writeFully(fd, chunk), {
      serializer: getSerializer(spec.serializer),
      codec: getCodec(spec.codec),
    });
  }

  /** The records of `source`, each also written to the checkpoint file; drained, the file is complete. */
  wrap<T>(source: Iterator<T>): IterableIterator<T> {
    return new TeeIterator(source, this);
  }

  write(record: unknown): void {
    this.writer.write(record);
  }

  /** All the partition's records at once (read from a cached block): the file is complete. */
  writeAll(records: readonly unknown[]): void {
    this.writer.writeAll(records);
    this.finish();
  }

  finish(): void {
    if (this.complete) return;
    this.writer.finish();
    this.complete = true;
  }

  get isComplete(): boolean {
    return this.complete;
  }

  /** Bytes of the framed file so far. */
  get bytesWritten(): number {
    return this.writer.bytesWritten;
  }

  /**
   * Puts a complete file in place (first writer wins) and returns how that went;
   * an incomplete one is deleted and 'incomplete' returned. Never leaves the spool.
   */
  async commit(logger: Logger): Promise<TeeOutcome> {
    if (!this.complete) {
      await this.discard();
      return 'incomplete';
    }
    const fs = getFileSystem(this.spec.rddDir);
    try {
      if (this.inPlace) fsyncSync(this.fd!);
      this.closeFile();
      if (!this.inPlace) {
        await fs.writeFile(this.tempPath, createReadStream(this.localPath, { highWaterMark: UPLOAD_CHUNK_BYTES }), { overwrite: false });
      }
      return await commitTaskAttempt(fs, this.tempPath, this.finalPath, {
        logger,
        task: `partition ${this.partitionIndex} of RDD ${this.spec.rddId} (task attempt ${this.taskAttemptId})`,
      });
    } catch (error) {
      // Best effort and not awaited: when the file system cannot be reached, waiting
      // for this delete's retries would only delay the task's own retry. A temp file
      // left behind is named by this attempt and ignored by every reader.
      if (!this.inPlace) void fs.delete(this.tempPath).catch(() => false);
      throw error;
    } finally {
      await this.removeLocal();
    }
  }

  /** Gives the file up (the task failed or stopped early): nothing of it remains. */
  async discard(): Promise<void> {
    this.closeFile();
    await this.removeLocal();
  }

  private closeFile(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }

  private async removeLocal(): Promise<void> {
    // In place, a committed temp file was renamed away; force ignores that.
    await rm(this.localPath, { force: true });
  }
}

function writeFully(fd: number, chunk: Uint8Array): void {
  let offset = 0;
  while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
}

/**
 * Passes records through and writes each to the tee; the end of the source completes
 * the file. A consumer that stops early (take) leaves it incomplete. A class, not a
 * generator: it sits on every record of a checkpointed partition.
 */
class TeeIterator<T> implements IterableIterator<T> {
  constructor(
    private readonly source: Iterator<T>,
    private readonly tee: PartitionCheckpointTee,
  ) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<T> {
    const r = this.source.next();
    if (r.done === true) this.tee.finish();
    else this.tee.write(r.value);
    return r;
  }

  return(value?: unknown): IteratorResult<T> {
    this.source.return?.(value);
    return { value: undefined as T, done: true };
  }
}
