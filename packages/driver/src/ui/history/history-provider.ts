/**
 * The applications of an event log directory (Spark's FsHistoryProvider): lists
 * the directory, replays each event log into its own status store, and keeps them
 * until the file changes (length or modification time), re-listing every
 * `updateIntervalMs` (Spark's spark.history.fs.update.interval, 10 s). An attempt
 * whose log is still `.inprogress` shows as not completed — a driver that was
 * killed stays that way, and its recovery appears as the next attempt.
 */
import { getFileSystem, KindlingError, type FileStatus, type FileSystem, type Logger } from '@kindling/common';
import type { StatusSource } from '../rest/rest-api.js';
import type { AppStatusStore, StatusLimits } from '../status/app-status-store.js';
import { isEventLogName } from './event-log-files.js';
import { replayEventLog } from './event-log-replay.js';

interface Loaded {
  readonly length: number;
  readonly modificationTime: number;
  readonly store: AppStatusStore;
}

export class HistoryProvider implements StatusSource {
  private readonly fs: FileSystem;
  private readonly loaded = new Map<string, Loaded>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    readonly logDir: string,
    private readonly logger: Logger,
    private readonly limits?: StatusLimits,
  ) {
    this.fs = getFileSystem(logDir);
  }

  stores(): Iterable<AppStatusStore> {
    const stores: AppStatusStore[] = [];
    const attemptsOf = new Map<string, number>();
    for (const entry of this.loaded.values()) {
      const app = entry.store.application;
      if (app === undefined) continue;
      stores.push(entry.store);
      attemptsOf.set(app.appId, (attemptsOf.get(app.appId) ?? 0) + 1);
    }
    // The first driver did not know it would be attempt 1; once a recovery made
    // attempt 2, its log (named without an attempt) is shown as attempt "1".
    for (const store of stores) {
      const app = store.application!;
      if (app.attemptId === undefined && attemptsOf.get(app.appId)! > 1) app.attemptId = '1';
    }
    return stores;
  }

  /** Replays what changed since the last look; one refresh at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Refreshes every `intervalMs` until `stop()`. */
  startPolling(intervalMs: number): void {
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  private async doRefresh(): Promise<void> {
    let files: FileStatus[];
    try {
      files = (await this.fs.list(this.logDir)).filter((f) => f.type === 'FILE' && isEventLogName(f.name));
    } catch (error) {
      this.logger.warn({ err: error }, `Cannot list the event log directory ${this.logDir}: ${KindlingError.from(error).message}`);
      return;
    }
    const present = new Set(files.map((f) => f.path));
    for (const path of this.loaded.keys()) if (!present.has(path)) this.loaded.delete(path);
    for (const file of files) {
      const known = this.loaded.get(file.path);
      if (known !== undefined && known.length === file.length && known.modificationTime === file.modificationTime) continue;
      try {
        const { store, skippedLines } = await replayEventLog(this.fs, file.path, this.limits);
        if (skippedLines > 0) this.logger.warn(`Skipped ${skippedLines} unreadable lines of the event log ${file.path}`);
        this.loaded.set(file.path, { length: file.length, modificationTime: file.modificationTime, store });
      } catch (error) {
        this.logger.warn({ err: error }, `Cannot replay the event log ${file.path}: ${KindlingError.from(error).message}`);
      }
    }
  }
}
