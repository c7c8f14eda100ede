/**
 * Which RDD checkpoint directories a stream's recent batches were written to
 * (Spark's DStreamCheckpointData): recorded in every metadata checkpoint, so that a
 * restarted driver rebuilds those batches' RDDs from their files instead of their
 * lineage, and used to delete the directories no checkpoint refers to any more.
 *
 * - `update(time)`, before a metadata checkpoint of batch `time`: the directories of
 *   the stream's remembered RDDs that are checkpointed now.
 * - `cleanup(time)`, after that checkpoint is written: directories of RDDs older than
 *   the oldest one it refers to are deleted — a failed delete is reported
 *   (reportDeleteFailure: a warning with the path and reason, and counted) and tried
 *   again at the next cleanup, not ignored.
 * - `restore()`, once, on recovery: the recorded RDDs, read back from their files.
 */
import { getFileSystem, reportDeleteFailure, type Logger, type RDD } from '@kindling/common';

export class DStreamCheckpointData {
  /** Batch time → checkpoint directory, as written in the latest metadata checkpoint. */
  currentCheckpointFiles = new Map<number, string>();
  /** Every directory this stream has recorded and not deleted yet. */
  private readonly timeToCheckpointFile = new Map<number, string>();
  /** For each metadata checkpoint time, the oldest batch its files reach back to. */
  private readonly timeToOldestCheckpointFileTime = new Map<number, number>();
  private restored = false;

  constructor(
    protected readonly describe: () => string,
    private readonly logger: Logger,
  ) {}

  update(time: number, generatedRDDs: ReadonlyMap<number, RDD<unknown>>): void {
    const current = new Map<number, string>();
    for (const [t, rdd] of generatedRDDs) {
      const file = rdd.getCheckpointFile();
      if (file !== undefined) current.set(t, file);
    }
    if (current.size === 0) return;
    this.currentCheckpointFiles = current;
    for (const [t, file] of current) this.timeToCheckpointFile.set(t, file);
    this.timeToOldestCheckpointFileTime.set(time, Math.min(...current.keys()));
  }

  async cleanup(time: number): Promise<void> {
    const oldest = this.timeToOldestCheckpointFileTime.get(time);
    this.timeToOldestCheckpointFileTime.delete(time);
    if (oldest === undefined) return;
    for (const [t, file] of this.timeToCheckpointFile) {
      if (t >= oldest) continue;
      try {
        await getFileSystem(file).delete(file, { recursive: true });
        this.timeToCheckpointFile.delete(t);
        this.logger.debug(`Deleted checkpoint directory ${file} of ${this.describe()} for batch ${t} ms`);
      } catch (error) {
        reportDeleteFailure(this.logger, `RDD checkpoint directory of ${this.describe()} for batch ${t} ms,`, file, error);
      }
    }
  }

  /** Loads the recorded files (a checkpoint's checkpoint_data) for `restore`. */
  load(files: ReadonlyMap<number, string>): void {
    this.currentCheckpointFiles = new Map(files);
    for (const [t, file] of files) this.timeToCheckpointFile.set(t, file);
  }

  /** The recorded RDDs read back, exactly once per stream (reference §6 item 14). */
  async restore<T>(open: (path: string) => Promise<RDD<T>>): Promise<Map<number, RDD<T>>> {
    const rdds = new Map<number, RDD<T>>();
    if (this.restored) return rdds;
    this.restored = true;
    for (const [t, file] of [...this.currentCheckpointFiles].sort((a, b) => a[0] - b[0])) {
      this.logger.info(`Restoring checkpointed RDD for ${this.describe()} of time ${t} ms from file '${file}'`);
      rdds.set(t, await open(file));
    }
    return rdds;
  }
}
