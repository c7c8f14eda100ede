/**
 * A write-ahead log in a directory of any FileSystem (Spark's FileBasedWriteAheadLog):
 * records are appended to rolling segment files named `log-<start>-<end>`, a new one
 * every `rollingIntervalMs` of the caller's clock, so that old records go away a whole
 * file at a time (`clean`).
 *
 * Durability: `write` resolves only when the record is durable — each record is one
 * append that is closed before the promise resolves (fsync on the local disk, the
 * datanode's answer on WebHDFS), which is what Spark's hflush per record gives. Writes
 * are queued, one at a time, so offsets are exact. After a failed append the segment
 * may end in a partial record, so the next write starts a new segment, and readers
 * skip a torn tail with a warning (see write-ahead-log-record.ts).
 *
 * A restarted driver opens a log over the same directory: it reads what is there and
 * writes into new segments, never appending to a file a dead process wrote last.
 */
import { CheckpointError, FileAlreadyExistsError, IllegalStateError, InvalidArgumentError, KindlingError } from '../../errors/index.js';
import { DataCorruptionError } from '../../serializer/index.js';
import { getFileSystem, readAll, reportDeleteFailure, type FileSystem } from '../../fs/index.js';
import type { Logger } from '../../log/index.js';
import { decodeRecord, encodeRecord, RECORD_HEADER_BYTES, scanSegment, type WriteAheadLogSegment } from './write-ahead-log-record.js';

export interface WriteAheadLogOptions {
  /** The log's directory URI, e.g. `<checkpointDir>/receivedData/0`. */
  readonly dir: string;
  readonly rollingIntervalMs: number;
  readonly logger: Logger;
  /** What the records are, for log lines ("received blocks of stream 0"). */
  readonly description: string;
  /** The file system to use instead of the dir's shared one (tests inject faults with it). */
  readonly fileSystem?: FileSystem;
}

export interface LogSegmentFile {
  readonly path: string;
  readonly name: string;
  readonly startTime: number;
  readonly endTime: number;
}

const SEGMENT_NAME = /^log-(\d+)-(\d+)$/;

export class FileBasedWriteAheadLog {
  readonly dir: string;
  private readonly fs: FileSystem;
  private current: { path: string; endTime: number; size: number } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: WriteAheadLogOptions) {
    if (!(options.rollingIntervalMs > 0)) throw new InvalidArgumentError(`A write-ahead log's rolling interval must be positive, got ${options.rollingIntervalMs} ms`);
    this.dir = options.dir.replace(/\/+$/, '');
    this.fs = options.fileSystem ?? getFileSystem(this.dir);
  }

  /** Appends `record` at `time` (the caller's clock); resolves with its place once it is durable. */
  write(record: Uint8Array, time: number): Promise<WriteAheadLogSegment> {
    const result = this.queue.then(() => this.append(record, time));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** One record, by the place `write` returned (Spark's read(segment)). */
  read(segment: WriteAheadLogSegment): Promise<Buffer> {
    return readWriteAheadLogRecord(segment);
  }

  /** The segment files present, oldest first. */
  async segmentFiles(): Promise<LogSegmentFile[]> {
    if (!(await this.fs.exists(this.dir))) return [];
    const files: LogSegmentFile[] = [];
    for (const status of await this.fs.list(this.dir)) {
      const match = SEGMENT_NAME.exec(status.name);
      if (status.type !== 'FILE' || match === null) continue;
      files.push({ path: `${this.dir}/${status.name}`, name: status.name, startTime: Number(match[1]), endTime: Number(match[2]) });
    }
    return files.sort((a, b) => a.startTime - b.startTime || a.endTime - b.endTime || a.name.localeCompare(b.name));
  }

  /**
   * Every intact record of every segment, oldest first (Spark's readAll, used to
   * replay the metadata log). A segment that ends in a torn or damaged record yields
   * the records before it, and the rest is skipped with a warning naming the file.
   */
  async readAll(): Promise<Array<{ segment: WriteAheadLogSegment; payload: Buffer }>> {
    const out: Array<{ segment: WriteAheadLogSegment; payload: Buffer }> = [];
    for (const file of await this.segmentFiles()) {
      const scan = scanSegment(await this.fs.readFile(file.path));
      for (const { offset, payload } of scan.records) out.push({ segment: { path: file.path, offset, length: payload.byteLength }, payload });
      if (scan.damage !== undefined) {
        this.options.logger.warn(
          { path: file.path, offset: scan.damage.offset },
          `Skipping the torn tail of write-ahead log file ${file.path} (${this.options.description}): ${scan.damage.reason} at byte ${scan.damage.offset}, ${scan.damage.skippedBytes} bytes skipped; ${scan.records.length} records before it are read`,
        );
      }
    }
    return out;
  }

  /**
   * Deletes the segments that end before `threshTime` (Spark's clean), except the one
   * being written and those `keep` names (still referenced by a live block). A failed
   * delete is reported (reportDeleteFailure) and the file is tried again next time.
   */
  async clean(threshTime: number, keep: (path: string) => boolean = () => false): Promise<{ deleted: string[]; failed: string[] }> {
    const deleted: string[] = [];
    const failed: string[] = [];
    let files: LogSegmentFile[];
    try {
      files = await this.segmentFiles();
    } catch (error) {
      reportDeleteFailure(this.options.logger, `old write-ahead log files (${this.options.description}) under`, this.dir, error);
      return { deleted, failed: [this.dir] };
    }
    for (const file of files) {
      if (file.endTime >= threshTime || file.path === this.current?.path || keep(file.path)) continue;
      try {
        await this.fs.delete(file.path);
        deleted.push(file.path);
      } catch (error) {
        failed.push(file.path);
        reportDeleteFailure(this.options.logger, `write-ahead log file (${this.options.description})`, file.path, error);
      }
    }
    if (deleted.length > 0) this.options.logger.debug({ threshTime, deleted }, `Cleared ${deleted.length} write-ahead log files older than ${threshTime} ms in ${this.dir}`);
    return { deleted, failed };
  }

  /** Waits for queued writes; later writes are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }

  private async append(record: Uint8Array, time: number): Promise<WriteAheadLogSegment> {
    if (this.closed) throw new IllegalStateError(`The write-ahead log in ${this.dir} is closed`);
    const bytes = encodeRecord(record);
    if (this.current === undefined || time >= this.current.endTime) await this.roll(time);
    const current = this.current!;
    const offset = current.size;
    try {
      const out = current.size === 0 ? await this.fs.create(current.path, { overwrite: false }) : await this.fs.append(current.path);
      try {
        await out.write(bytes);
      } catch (error) {
        await out.abort(error).catch(() => undefined);
        throw error;
      }
      await out.close();
    } catch (error) {
      // The file may now end in part of this record: never append after it.
      this.current = undefined;
      throw new CheckpointError(`Cannot write to the write-ahead log ${current.path} (${this.options.description}): ${KindlingError.from(error).message}`, { cause: error, path: current.path });
    }
    current.size += bytes.byteLength;
    return { path: current.path, offset, length: record.byteLength };
  }

  /** Starts a new segment at `time`; a name already taken (a restart in the same millisecond) moves the start on by 1 ms. */
  private async roll(time: number): Promise<void> {
    const interval = this.options.rollingIntervalMs;
    let start = Math.max(time, this.current === undefined ? time : this.current.endTime);
    for (let tries = 0; ; tries++) {
      const path = `${this.dir}/log-${start}-${start + interval}`;
      if (!(await this.fs.exists(path))) {
        this.current = { path, endTime: start + interval, size: 0 };
        return;
      }
      if (tries >= 1000) throw new FileAlreadyExistsError(`Cannot start a new write-ahead log file in ${this.dir}: ${path} and the 1000 names after it exist`, { path });
      start++;
    }
  }
}

/**
 * One record by its place, from any process (an executor computing a recovered
 * block reads it this way): a ranged read of the header and payload, checked.
 */
export async function readWriteAheadLogRecord(segment: WriteAheadLogSegment): Promise<Buffer> {
  const stream = await getFileSystem(segment.path).open(segment.path, { offset: segment.offset, length: RECORD_HEADER_BYTES + segment.length });
  const decoded = decodeRecord(await readAll(stream), segment.length);
  if ('damage' in decoded) throw new DataCorruptionError(`Write-ahead log record at ${segment.path}@${segment.offset} is unreadable: ${decoded.damage}`, { path: segment.path, offset: segment.offset });
  return decoded.payload;
}
