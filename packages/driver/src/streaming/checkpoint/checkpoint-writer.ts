/**
 * Writes metadata checkpoints in the background (Spark's CheckpointWriter), one at a
 * time, in the order they were asked for, so batch generation never waits for
 * storage. Each write, as Spark's:
 *
 * 1. delete `temp`, write the bytes to `temp`;
 * 2. if `checkpoint-<t>` exists (the first of a batch's two writes), it becomes
 *    `checkpoint-<t>.bk`;
 * 3. rename `temp` to `checkpoint-<t>`;
 * 4. keep the newest 10 checkpoint files, delete the older ones;
 * 5. log "Checkpoint for time T saved to file F, took N bytes and M ms".
 *
 * Up to 3 attempts; a failed attempt, a failed delete or rename is logged, never
 * silently ignored (a known Spark failure). Storage that cannot be reached is tried
 * again with backoff for up to `retryTimeoutMs` (unavailable-retry.ts), so a storage
 * outage shorter than that only delays the checkpoints; past it the write fails as
 * `unreachable`, and the context stops with that error (metadata-checkpointer.ts). `t` is the newest checkpoint time seen,
 * not the time asked for: a slow batch's write that lands after a newer one is
 * written under the newer time (SPARK-11267), so the newest file always holds the
 * newest state. A file is written whole to `temp` before any rename, so a crash or a
 * full disk leaves the previous checkpoint readable.
 */
import { CheckpointError, getFileSystem, KindlingError, type FileSystem, type Logger } from '@kindling/common';
import { defaultUnavailableRetryTimeoutMs, isUnavailable, sleep, UnavailableRetry } from '../unavailable-retry.js';
import { checkpointBackupFilePath, checkpointFilePath, checkpointTempFilePath, listCheckpointFiles } from './checkpoint-files.js';

export const MAX_ATTEMPTS = 3;
export const FILES_KEPT = 10;
/** Spark's writer queue bound: past it, a checkpoint request is dropped with a warning. */
const MAX_QUEUED = 1000;

export interface CheckpointWriteResult {
  /** The batch time asked for. */
  readonly checkpointTime: number;
  /** The file written, or undefined when every attempt failed. */
  readonly file: string | undefined;
  readonly bytes: number;
  readonly durationMs: number;
  /** Why the write failed, when it did. */
  readonly error?: KindlingError;
  /** The write failed because the storage stayed unreachable for the whole retry budget. */
  readonly unreachable?: boolean;
}

export class CheckpointWriter {
  private readonly fs: FileSystem;
  private latestCheckpointTime: number | undefined;
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private stopped = false;

  constructor(
    readonly checkpointDir: string,
    private readonly logger: Logger,
    /** Called after each write, successful or not (the job generator clears checkpoint data after it). */
    private readonly onComplete: (result: CheckpointWriteResult, clearCheckpointDataLater: boolean) => void,
    /** How long unreachable storage is retried (kindling.streaming.unavailableRetryTimeout). */
    private readonly retryTimeoutMs: number = defaultUnavailableRetryTimeoutMs,
  ) {
    this.fs = getFileSystem(checkpointDir);
  }

  /**
   * Queues the checkpoint of `checkpointTime`; `bytes` is encoded already, so the state
   * is that of now. `after`: files the checkpoint names (broadcasts) that must be
   * complete first; when it fails, this checkpoint is not written. Returns whether
   * the checkpoint was queued (then `onComplete` is called for it, in queue order).
   */
  write(checkpointTime: number, bytes: Uint8Array, clearCheckpointDataLater: boolean, after?: Promise<void>): boolean {
    if (this.stopped) return false;
    if (this.queued >= MAX_QUEUED) {
      this.logger.warn({ batchTime: checkpointTime }, `Could not submit checkpoint for time ${checkpointTime} ms: ${MAX_QUEUED} checkpoints are waiting to be written`);
      return false;
    }
    this.queued++;
    this.tail = this.tail.then(async () => {
      try {
        const result = await this.filesWritten(checkpointTime, after).then((ok) => (ok ? this.writeNow(checkpointTime, bytes) : skipped(checkpointTime, bytes)));
        this.onComplete(result, clearCheckpointDataLater);
      } finally {
        this.queued--;
      }
    });
    return true;
  }

  /** Resolves when every checkpoint queued so far has been written (or has failed). */
  flush(): Promise<void> {
    return this.tail;
  }

  /** Writes what is queued, then refuses new writes (Spark's stop waits for the executor to drain). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.tail;
  }

  private async filesWritten(checkpointTime: number, after: Promise<void> | undefined): Promise<boolean> {
    if (after === undefined) return true;
    try {
      await after;
      return true;
    } catch (error) {
      this.logger.warn({ batchTime: checkpointTime, err: error }, `Not writing the checkpoint for time ${checkpointTime} ms: a file it names could not be written (${KindlingError.from(error).message})`);
      return false;
    }
  }

  private async writeNow(checkpointTime: number, bytes: Uint8Array): Promise<CheckpointWriteResult> {
    if (this.latestCheckpointTime === undefined || this.latestCheckpointTime < checkpointTime) this.latestCheckpointTime = checkpointTime;
    const time = this.latestCheckpointTime;
    const dir = this.checkpointDir;
    const temp = checkpointTempFilePath(dir);
    const file = checkpointFilePath(dir, time);
    const backup = checkpointBackupFilePath(dir, time);
    const started = performance.now();
    let unavailableRetry: UnavailableRetry | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.fs.delete(temp);
        await this.fs.writeFile(temp, bytes);
        if (await this.fs.exists(file)) {
          await this.fs.delete(backup);
          if (!(await this.fs.rename(file, backup))) this.logger.warn(`Could not rename ${file} to ${backup}`);
        }
        if (!(await this.fs.rename(temp, file))) throw new CheckpointError(`Could not rename ${temp} to ${file}`);
        await this.deleteOldFiles();
        const durationMs = Math.round(performance.now() - started);
        this.logger.info(
          { batchTime: checkpointTime, file, bytes: bytes.length, durationMs },
          `Checkpoint for time ${checkpointTime} ms saved to file '${file}', took ${bytes.length} bytes and ${durationMs} ms`,
        );
        return { checkpointTime, file, bytes: bytes.length, durationMs };
      } catch (caught) {
        const error = KindlingError.from(caught);
        this.logger.warn({ err: error, attempt }, `Error in attempt ${attempt} of writing checkpoint to '${file}': ${error.message}`);
        const failed = (unreachable: boolean): CheckpointWriteResult => ({
          checkpointTime,
          file: undefined,
          bytes: bytes.length,
          durationMs: Math.round(performance.now() - started),
          error,
          unreachable,
        });
        if (isUnavailable(error)) {
          unavailableRetry ??= new UnavailableRetry(this.retryTimeoutMs);
          const backoffMs = unavailableRetry.nextBackoffMs();
          if (backoffMs === undefined) {
            this.logger.error(
              { batchTime: checkpointTime },
              `Could not write checkpoint for time ${checkpointTime} ms to file '${file}': the storage was unreachable for ${Math.round(unavailableRetry.elapsedMs / 1000)} s (${attempt} attempts)`,
            );
            return failed(true);
          }
          await sleep(backoffMs);
        } else if (attempt >= MAX_ATTEMPTS) {
          this.logger.warn({ batchTime: checkpointTime }, `Could not write checkpoint for time ${checkpointTime} ms to file '${file}' after ${MAX_ATTEMPTS} attempts`);
          return failed(false);
        }
      }
    }
  }

  /** Keeps the newest FILES_KEPT checkpoint files (main and backup files alike), as Spark does. */
  private async deleteOldFiles(): Promise<void> {
    const files = await listCheckpointFiles(this.checkpointDir);
    for (const old of files.slice(FILES_KEPT)) {
      try {
        await this.fs.delete(old.path);
        this.logger.info(`Deleting ${old.path}`);
      } catch (error) {
        this.logger.warn({ err: error }, `Could not delete old checkpoint file ${old.path}: ${KindlingError.from(error).message}`);
      }
    }
  }
}

function skipped(checkpointTime: number, bytes: Uint8Array): CheckpointWriteResult {
  return { checkpointTime, file: undefined, bytes: bytes.length, durationMs: 0 };
}
