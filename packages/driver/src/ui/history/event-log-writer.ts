/**
 * Writes the UI's events as JSON lines (Spark's EventLoggingListener) to
 * `kindling.eventLog.dir`, on any FileSystem (file://, webhdfs://): buffered in
 * memory and flushed when a job or a batch ends, when the application ends, and
 * whenever a megabyte has piled up — so that a batch's events are on storage once
 * it has completed, while a busy driver makes one write per batch, not one per
 * task.
 *
 * Writes run one after another in the background and never hold up the
 * schedulers. A write that fails is logged once and the log goes on (the event log
 * is for looking back, and must not fail the application); events whose write
 * failed are lost, never written twice. The file is `<name>.inprogress` until
 * `stop()` renames it to `<name>`.
 */
import { getFileSystem, InvalidArgumentError, KindlingError, type FileSystem, type KindlingConf, type Logger } from '@kindling/common';
import type { UiEvent } from '../status/ui-event.js';
import { eventLogName, IN_PROGRESS, joinPath } from './event-log-files.js';

export const EVENT_LOG_ENABLED_KEY = 'kindling.eventLog.enabled';
export const EVENT_LOG_DIR_KEY = 'kindling.eventLog.dir';

/** Flushed at this many buffered bytes even without a job or batch end. */
const FLUSH_BYTES = 1 << 20;

/** Events that end a unit of work: the log is flushed after them. */
const flushAfter = new Set<UiEvent['type']>(['JobEnd', 'BatchCompleted', 'ApplicationEnd', 'ApplicationAttempt', 'StreamingRestarted', 'StreamingStopped']);

export class EventLogWriter {
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private tail: Promise<void> = Promise.resolve();
  private created = false;
  private failed = false;
  private stopped = false;
  private name: string;

  private constructor(
    private readonly fs: FileSystem,
    readonly dir: string,
    appId: string,
    attemptId: string | undefined,
    private readonly logger: Logger,
  ) {
    this.name = eventLogName(appId, attemptId);
  }

  /** The writer `conf` asks for, or undefined when the event log is off. Checks the settings at once. */
  static fromConf(conf: KindlingConf, appId: string, attemptId: string | undefined, logger: Logger): EventLogWriter | undefined {
    if (!conf.getBoolean(EVENT_LOG_ENABLED_KEY, false)) return undefined;
    const dir = conf.get(EVENT_LOG_DIR_KEY)?.trim();
    if (dir === undefined || dir === '') {
      throw new InvalidArgumentError(
        `${EVENT_LOG_ENABLED_KEY}=true needs ${EVENT_LOG_DIR_KEY}: set it to a directory URI such as file:///tmp/kindling-events or webhdfs://namenode:9870/kindling-events`,
      );
    }
    let fs: FileSystem;
    try {
      fs = getFileSystem(dir);
    } catch (error) {
      throw new InvalidArgumentError(`${EVENT_LOG_DIR_KEY}=${dir} is not a usable directory URI: ${KindlingError.from(error).message}`, { cause: error });
    }
    return new EventLogWriter(fs, dir, appId, attemptId, logger);
  }

  /** The file being written now. */
  get path(): string {
    return joinPath(this.dir, this.name + (this.stopped ? '' : IN_PROGRESS));
  }

  append(event: UiEvent): void {
    if (this.stopped) return;
    // Heartbeats say only "still alive"; the history of an application does not need them.
    if (event.type === 'ExecutorHeartbeat') return;
    const line = `${JSON.stringify(event)}\n`;
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    if (flushAfter.has(event.type) || this.bufferedBytes >= FLUSH_BYTES) void this.flush();
  }

  /** Resolves once everything appended so far has been written (or has failed). */
  flush(): Promise<void> {
    if (this.buffer.length > 0) {
      const chunk = Buffer.from(this.buffer.join(''), 'utf8');
      this.buffer = [];
      this.bufferedBytes = 0;
      this.enqueue(() => this.write(chunk));
    }
    return this.tail;
  }

  /**
   * From now on the log belongs to another application attempt (a driver recovered
   * from a checkpoint): what is written so far moves to the new name.
   */
  renameTo(appId: string, attemptId: string | undefined): Promise<void> {
    void this.flush();
    const next = eventLogName(appId, attemptId);
    if (next === this.name) return this.tail;
    const previous = this.name;
    this.name = next;
    this.enqueue(async () => {
      if (!this.created) return;
      const from = joinPath(this.dir, previous + IN_PROGRESS);
      const to = joinPath(this.dir, next + IN_PROGRESS);
      if (!(await this.fs.rename(from, to))) throw new Error(`could not rename ${from} to ${to}`);
    });
    return this.tail;
  }

  /** Writes what is buffered and renames the file to its final name. */
  async stop(): Promise<void> {
    await this.flush();
    if (this.stopped) return;
    this.stopped = true;
    const name = this.name;
    this.enqueue(async () => {
      if (!this.created) return;
      const from = joinPath(this.dir, name + IN_PROGRESS);
      const to = joinPath(this.dir, name);
      // A finished log of the same attempt (a rerun with a fixed kindling.app.id) is replaced, as Spark does.
      await this.fs.delete(to);
      if (!(await this.fs.rename(from, to))) throw new Error(`could not rename ${from} to ${to}`);
    });
    await this.tail;
  }

  private async write(chunk: Buffer): Promise<void> {
    const path = joinPath(this.dir, this.name + IN_PROGRESS);
    if (!this.created) {
      await this.fs.mkdirs(this.dir);
      await this.fs.writeFile(path, chunk, { overwrite: true });
      this.created = true;
      this.logger.info({ path }, `Logging events to ${path}`);
      return;
    }
    const out = await this.fs.append(path);
    try {
      await out.write(chunk);
      await out.close();
    } catch (error) {
      await out.abort(error).catch(() => undefined);
      throw error;
    }
  }

  private enqueue(step: () => Promise<void>): void {
    this.tail = this.tail.then(step).catch((error: unknown) => {
      if (!this.failed) this.logger.warn({ err: error }, `Could not write the event log in ${this.dir}: ${KindlingError.from(error).message}; events are being lost`);
      this.failed = true;
    });
  }
}
