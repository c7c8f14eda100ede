/**
 * Deletes the broadcast files of a streaming checkpoint directory that no retained
 * metadata checkpoint names any more (issue 11: a stream running for days that
 * creates and destroys broadcasts must not fill its checkpoint directory).
 *
 * A broadcast file (`broadcast-<id>`, shared-variables-checkpoint.ts) is written once
 * and named by every metadata checkpoint written while the broadcast lives. After
 * `destroy()` new checkpoints stop naming it, but the older checkpoint files the
 * writer keeps (the newest 10, backups included) still do, and a recovery may read
 * any of them when the newer ones are damaged — so the file may go only once none of
 * them names it, as Spark's checkpoint cleaning deletes an RDD's checkpoint files
 * only once no checkpoint refers to the RDD.
 *
 * A checkpoint queued before the `destroy()` may still name the broadcast and land
 * after it, so a destroyed broadcast's file becomes a candidate only once a
 * checkpoint queued after the destroy has been written (the writer writes in order):
 * the retained files are then all that can name it.
 *
 * `unpersist()` keeps the file: the broadcast lives on (its value stays on the
 * driver, executors fetch it again), and checkpoints keep naming it.
 *
 * Which ids the retained checkpoints name is read from the files themselves, not
 * remembered from the writes: a restarted driver must also clean the files of
 * broadcasts an earlier driver destroyed, and names written by an earlier driver are
 * only on storage. Each file is read once (cached by path, size and modification
 * time), and only while some file is waiting to be deleted: a stream whose
 * broadcasts all live reads nothing.
 *
 * The same first pass deletes the temp files (`broadcast-<id>.<pid>-<ms>.tmp`) of
 * writes a killed driver left half done. A temp file is named by the writing
 * process and its clock, so one this driver may still be renaming (its own pid,
 * written after this process started) is told apart without comparing clocks with
 * the file system; a driver restarted in a container often has the same pid, but
 * its temp files are newer than its start.
 */
import { decodeStreamingCheckpoint, ErrorCode, getFileSystem, KindlingError, Path, type FileSystem, type Logger } from '@kindling/common';
import { listCheckpointFiles } from './checkpoint-files.js';

const BROADCAST_FILE = /^broadcast-(\d+)$/;
const BROADCAST_TEMP_FILE = /^broadcast-\d+\.(\d+)-(\d+)\.tmp$/;

/** The temp file a broadcast file is written to before its rename: named by the writing process and its clock. */
export function broadcastTempPath(path: string): string {
  return `${path}.${process.pid}-${Date.now()}.tmp`;
}

/** Whether a broadcast temp file was written by an earlier process (so no write of this one can still rename it). */
export function isLeftoverBroadcastTemp(name: string, pid = process.pid, startedAtMs = performance.timeOrigin): boolean {
  const match = BROADCAST_TEMP_FILE.exec(name);
  return match !== null && (Number(match[1]) !== pid || Number(match[2]) < startedAtMs);
}

interface NamedIds {
  readonly key: string;
  readonly ids: ReadonlySet<number>;
}

export class BroadcastFileCleaner {
  private readonly fs: FileSystem;
  /**
   * Ids whose files may be deleted once no retained checkpoint names them (destroyed,
   * or found on storage and not live), each with the number of checkpoint writes that
   * must have ended first.
   */
  private readonly candidates = new Map<number, number>();
  private queued = 0;
  private ended = 0;
  /** The ids each retained checkpoint file names, by path. */
  private readonly named = new Map<string, NamedIds>();
  private scanned = false;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly checkpointDir: string,
    private readonly logger: Logger,
    /** The ids of the live broadcasts (never deleted) and the writes in flight (awaited before a delete). */
    private readonly live: () => ReadonlySet<number>,
    private readonly writeOf: (id: number) => Promise<void> | undefined,
  ) {
    this.fs = getFileSystem(checkpointDir);
  }

  /** Broadcast `id` was destroyed: its file goes once no retained checkpoint, nor one queued before now, names it. */
  destroyed(id: number): void {
    this.candidates.set(id, this.queued + 1);
  }

  /** A metadata checkpoint was handed to the writer. */
  checkpointQueued(): void {
    this.queued++;
  }

  /**
   * A queued metadata checkpoint's write ended (`written`: successfully, and older
   * files were deleted): deletes what became unreferenced, one pass at a time.
   */
  checkpointEnded(written: boolean): void {
    this.ended++;
    if (written) this.clean();
  }

  private clean(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    const run = this.cleanNow()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, `Could not clean the broadcast files of ${this.checkpointDir}: ${KindlingError.from(error).message}; the next checkpoint tries again`);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.clean();
        }
      });
    this.running = run;
  }

  /** Resolves when no pass runs (tests, and stop). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async cleanNow(): Promise<void> {
    if (!this.scanned) {
      // Files an earlier driver left: broadcasts it destroyed, or that this driver's
      // code no longer creates (an upgrade). Live ones are taken out below.
      for (const entry of await this.fs.list(this.checkpointDir)) {
        if (entry.type !== 'FILE') continue;
        const match = BROADCAST_FILE.exec(entry.name);
        if (match !== null && !this.candidates.has(Number(match[1]))) this.candidates.set(Number(match[1]), 0);
        if (isLeftoverBroadcastTemp(entry.name)) {
          await this.fs.delete(entry.path);
          this.logger.info({ path: entry.path }, `Deleted ${entry.path}: a broadcast write an earlier driver left unfinished`);
        }
      }
      this.scanned = true;
    }
    const live = this.live();
    for (const id of live) this.candidates.delete(id);
    const ready = [...this.candidates].filter(([, after]) => after <= this.ended).map(([id]) => id);
    if (ready.length === 0) return;
    const referenced = await this.referencedIds();
    for (const id of ready) {
      if (referenced.has(id) || live.has(id)) continue;
      // A write still in flight would put the file back after the delete.
      await this.writeOf(id)?.catch(() => undefined);
      const path = Path.join(this.checkpointDir, `broadcast-${id}`);
      await this.fs.delete(path);
      this.candidates.delete(id);
      this.logger.info({ broadcastId: id, path }, `Deleted the file of Broadcast(${id}), ${path}: no retained metadata checkpoint names it`);
    }
  }

  /** The broadcast ids the retained checkpoint files name (a file that cannot be decoded names none: recovery cannot use it either). */
  private async referencedIds(): Promise<Set<number>> {
    const files = await listCheckpointFiles(this.checkpointDir);
    const statuses = new Map((await this.fs.list(this.checkpointDir)).map((s) => [s.path, s]));
    const ids = new Set<number>();
    const retained = new Set<string>();
    for (const file of files) {
      retained.add(file.path);
      const status = statuses.get(file.path);
      const key = `${status?.length ?? -1}:${status?.modificationTime ?? -1}`;
      let named = this.named.get(file.path);
      if (named === undefined || named.key !== key || status === undefined) {
        named = { key, ids: await this.readIds(file.path) };
        this.named.set(file.path, named);
      }
      for (const id of named.ids) ids.add(id);
    }
    for (const path of this.named.keys()) if (!retained.has(path)) this.named.delete(path);
    return ids;
  }

  private async readIds(path: string): Promise<Set<number>> {
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(path);
    } catch (error) {
      // Deleted since the listing (the writer keeps 10): it names nothing any more.
      if (KindlingError.from(error).code === ErrorCode.NotFound) return new Set();
      throw error;
    }
    try {
      return new Set(decodeStreamingCheckpoint(bytes, path).broadcasts.map((b) => Number(b.id)));
    } catch {
      return new Set();
    }
  }
}
