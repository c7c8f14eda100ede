/**
 * Broadcasts and accumulators in the metadata checkpoint (issue 11 item 4; Spark
 * cannot recover either, SPARK-5206).
 *
 * Broadcasts: each live broadcast of the application is written once to
 * `<checkpointDir>/broadcast-<id>` (its node:v8 bytes, as executors fetch them),
 * through a temp file renamed into place, as soon as the context checkpoints or the
 * broadcast is created. A metadata checkpoint lists every live broadcast with its
 * file's size and CRC32C, and its write waits for those files: a checkpoint never
 * names a broadcast file that is not complete. On restart the files are read back,
 * checked, and registered under their old ids before the graph runs, so a DStream
 * function that captured a broadcast (its handle carries only the id) finds it again
 * although the create function does not run.
 *
 * Files of destroyed broadcasts are deleted once no retained metadata checkpoint
 * names them (broadcast-file-cleaner.ts).
 *
 * Accumulators: the named accumulators' values are taken when a batch completes —
 * synchronously, before the next batch's jobs start (the JobScheduler runs one batch
 * at a time, kindling.streaming.concurrentJobs=1) — and every checkpoint carries the
 * latest such snapshot. The checkpoint lists as pending exactly the batches whose
 * updates the snapshot lacks, so the batches a restart replays add their updates
 * once: completed batches are never counted twice. Updates a batch made before the
 * driver died without completing it are lost with the driver, and made again by the
 * replay. Driver-side adds between batches count from the next batch's completion.
 */
import {
  CheckpointError,
  crc32c,
  decodeBroadcastValue,
  fromCheckpointValue,
  getFileSystem,
  KindlingError,
  toCheckpointValue,
  type AccumulatorKind,
  type CheckpointAccumulatorValue,
  type CheckpointAccumulatorValue__Output,
  type CheckpointBroadcastFile,
  type CheckpointBroadcastFile__Output,
  type Logger,
} from '@kindling/common';
import type { AccumulatorSnapshot } from '../../accumulators/context-accumulators.js';
import type { KindlingContext } from '../../kindling-context.js';
import { BroadcastFileCleaner, broadcastTempPath } from './broadcast-file-cleaner.js';

const accumulatorKinds: readonly AccumulatorKind[] = ['long', 'double', 'collection'];

export function broadcastFilePath(checkpointDir: string, id: number): string {
  return `${checkpointDir.replace(/\/+$/, '')}/broadcast-${id}`;
}

interface WrittenBroadcast {
  readonly file: CheckpointBroadcastFile;
  /** Settles when the file is complete; rejects when every attempt failed. */
  readonly done: Promise<void>;
}

export class SharedVariablesCheckpoint {
  private readonly broadcasts = new Map<number, WrittenBroadcast>();
  /** Broadcast file writes not yet settled, destroyed broadcasts' included (the cleaner waits for them). */
  private readonly writes = new Map<number, Promise<void>>();
  private readonly cleaner: BroadcastFileCleaner;
  private accumulators: AccumulatorSnapshot[];
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly kc: KindlingContext,
    private readonly checkpointDir: string,
    private readonly logger: Logger,
  ) {
    this.cleaner = new BroadcastFileCleaner(
      checkpointDir,
      logger,
      () => new Set(kc.broadcastManager.live().map((b) => b.broadcast.id)),
      (id) => this.writes.get(id),
    );
    for (const { broadcast, bytes } of kc.broadcastManager.live()) this.writeBroadcast(broadcast.id, bytes);
    this.unsubscribe.push(kc.broadcastManager.onCreated((broadcast, bytes) => this.writeBroadcast(broadcast.id, bytes)));
    this.unsubscribe.push(
      kc.broadcastManager.onDestroyed((id) => {
        this.broadcasts.delete(id);
        this.cleaner.destroyed(id);
      }),
    );
    this.accumulators = kc.accumulators.snapshot();
  }

  /** A batch completed: its accumulator updates become part of what checkpoints keep. */
  batchCompleted(): void {
    this.accumulators = this.kc.accumulators.snapshot();
  }

  /** What the next metadata checkpoint records, and a promise of the broadcast files it names. */
  describe(): { broadcasts: CheckpointBroadcastFile[]; accumulators: CheckpointAccumulatorValue[]; filesWritten: Promise<void> } {
    // A broadcast whose file could not be written is tried again here, once per checkpoint.
    for (const { broadcast, bytes } of this.kc.broadcastManager.live()) this.writeBroadcast(broadcast.id, bytes);
    const live = [...this.broadcasts.values()];
    return {
      broadcasts: live.map((b) => b.file),
      accumulators: this.accumulators.map(accumulatorToCheckpoint),
      filesWritten: Promise.all(live.map((b) => b.done)).then(() => undefined),
    };
  }

  /** A metadata checkpoint was queued for writing. */
  checkpointQueued(): void {
    this.cleaner.checkpointQueued();
  }

  /** A queued metadata checkpoint's write ended; when it succeeded, broadcast files no retained checkpoint names are deleted. */
  checkpointEnded(written: boolean): void {
    this.cleaner.checkpointEnded(written);
  }

  /** Resolves when no broadcast file clean-up runs (tests). */
  cleaned(): Promise<void> {
    return this.cleaner.idle();
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }

  private writeBroadcast(id: number, bytes: Uint8Array): void {
    if (this.broadcasts.has(id)) return;
    const path = broadcastFilePath(this.checkpointDir, id);
    const file: CheckpointBroadcastFile = { id, path, size: bytes.byteLength, crc32c: crc32c(bytes), name: this.kc.broadcastManager.nameOf(id) ?? '' };
    const done = writeBroadcastFile(path, bytes, this.logger);
    this.writes.set(id, done);
    void done.then(
      () => this.writes.get(id) === done && this.writes.delete(id),
      () => this.writes.get(id) === done && this.writes.delete(id),
    );
    // Awaited by the checkpoints that name it (their writes fail with it); logged here
    // so a failure is never silent, and forgotten so that the next checkpoint tries again.
    done.catch((error: unknown) => {
      this.logger.warn({ err: error, broadcastId: id }, `Could not write Broadcast(${id}) to ${path}: ${KindlingError.from(error).message}; the next checkpoint tries again`);
      if (this.broadcasts.get(id)?.done === done) this.broadcasts.delete(id);
    });
    this.broadcasts.set(id, { file, done });
  }
}

/**
 * Writes a broadcast file as an attempt-named temp file renamed into place; when the
 * file is there already (an earlier launch wrote it, the bytes are the same), the
 * temp file is deleted instead.
 */
async function writeBroadcastFile(path: string, bytes: Uint8Array, logger: Logger): Promise<void> {
  const fs = getFileSystem(path);
  if (await fs.exists(path)) return;
  const temp = broadcastTempPath(path);
  await fs.writeFile(temp, bytes);
  if (!(await fs.rename(temp, path))) {
    await fs.delete(temp);
    if (!(await fs.exists(path))) throw new CheckpointError(`Could not rename ${temp} to ${path}`, { path });
  }
  logger.info({ path, bytes: bytes.byteLength }, `Broadcast saved to ${path} (${bytes.byteLength} bytes)`);
}

function accumulatorToCheckpoint(snapshot: AccumulatorSnapshot): CheckpointAccumulatorValue {
  const base = { id: snapshot.id, name: snapshot.name, kind: snapshot.kind };
  if (snapshot.kind === 'collection') return { ...base, values: toCheckpointValue(snapshot.state, `the values of accumulator '${snapshot.name}'`) };
  const { sum, count } = snapshot.state as { sum: number; count: number };
  return { ...base, sum, count };
}

function accumulatorFromCheckpoint(value: CheckpointAccumulatorValue__Output, file: string): AccumulatorSnapshot {
  const kind = value.kind as AccumulatorKind;
  if (!accumulatorKinds.includes(kind)) throw new CheckpointError(`The checkpoint ${file} holds accumulator '${value.name}' of unknown kind '${value.kind}'`, { path: file });
  const state = kind === 'collection' ? (fromCheckpointValue(value.values ?? { undefinedValue: true }) ?? []) : { sum: value.sum, count: value.count };
  return { id: value.id, name: value.name, kind, state };
}

/** A broadcast file a checkpoint names, read back and checked against its size and CRC32C. */
async function readBroadcastFile(b: CheckpointBroadcastFile__Output, file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await getFileSystem(b.path).readFile(b.path);
  } catch (error) {
    throw new CheckpointError(`The checkpoint ${file} names Broadcast(${b.id}) in ${b.path}, which cannot be read: ${KindlingError.from(error).message}`, { path: b.path, cause: error });
  }
  if (bytes.byteLength !== b.size || crc32c(bytes) !== b.crc32c) {
    throw new CheckpointError(`Broadcast file ${b.path} is damaged: ${bytes.byteLength} bytes (checkpoint: ${b.size}) or its CRC32C differs`, { path: b.path });
  }
  return bytes;
}

/**
 * Restores a checkpoint's broadcasts and named accumulators into `kc`, before the
 * recovered graph runs. A broadcast file that is missing, of another size or CRC32C
 * fails the recovery with a CheckpointError naming it: running on without it would
 * fail every task that uses it.
 */
export async function restoreSharedVariables(
  kc: KindlingContext,
  checkpoint: { readonly broadcasts: readonly CheckpointBroadcastFile__Output[]; readonly accumulators: readonly CheckpointAccumulatorValue__Output[] },
  file: string,
): Promise<void> {
  for (const b of checkpoint.broadcasts) {
    const bytes = await readBroadcastFile(b, file);
    kc.broadcastManager.restore(b.id, bytes, decodeBroadcastValue(b.id, bytes), b.name === '' ? undefined : b.name);
  }
  kc.accumulators.restore(checkpoint.accumulators.map((a) => accumulatorFromCheckpoint(a, file)));
  if (checkpoint.broadcasts.length + checkpoint.accumulators.length > 0) {
    kc.logger.info(`Restored ${checkpoint.broadcasts.length} broadcast(s) and ${checkpoint.accumulators.length} accumulator(s) from ${file}`);
  }
}

/** What an upgrade carried over of a checkpoint's shared variables (its report lists them). */
export interface UpgradedSharedVariables {
  /** Named broadcasts the new code created again: restored with the checkpoint's value and id. */
  readonly broadcastsKept: readonly string[];
  /** Named broadcasts it did not create, and unnamed ones (`Broadcast(id)`): not restored; their files go once no checkpoint names them. */
  readonly broadcastsDropped: readonly string[];
  /** Named accumulators restored with their values (`name = value`). */
  readonly accumulators: readonly string[];
}

/**
 * The upgrade path (`getOrCreate(..., { upgrade: true })`): the new code's create
 * function runs, so shared variables are matched by name, not by id. The checkpoint's
 * named accumulators are restored before `create` runs, so its
 * `kc.longAccumulator(name)` returns them with their values (an accumulator the new
 * code makes as another kind is refused there, naming the checkpoint); its named
 * broadcasts are offered, so `kc.broadcast(v, { name })` returns the checkpoint's
 * broadcast (its id and value). Unnamed broadcasts cannot be matched: nothing in the
 * new code refers to their ids.
 */
export async function upgradeSharedVariables<T>(
  kc: KindlingContext,
  checkpoint: { readonly broadcasts: readonly CheckpointBroadcastFile__Output[]; readonly accumulators: readonly CheckpointAccumulatorValue__Output[] },
  file: string,
  create: () => Promise<T>,
): Promise<{ readonly created: T; readonly shared: UpgradedSharedVariables }> {
  const offers = [];
  for (const b of checkpoint.broadcasts) {
    if (b.name === '') continue;
    const bytes = await readBroadcastFile(b, file);
    offers.push({ id: b.id, name: b.name, bytes, value: decodeBroadcastValue(b.id, bytes) });
  }
  const accumulators = checkpoint.accumulators.map((a) => accumulatorFromCheckpoint(a, file));
  kc.accumulators.restore(accumulators, file);
  kc.broadcastManager.offerForUpgrade(offers, file);
  let dropped: string[];
  let created: T;
  try {
    created = await create();
  } finally {
    dropped = kc.broadcastManager.withdrawUpgradeOffers();
  }
  return {
    created,
    shared: {
      broadcastsKept: offers.map((o) => o.name).filter((name) => !dropped.includes(name)),
      broadcastsDropped: [...dropped.map((name) => `'${name}'`), ...checkpoint.broadcasts.filter((b) => b.name === '').map((b) => `Broadcast(${b.id})`)],
      accumulators: [...new Map(accumulators.map((a) => [a.name, `${a.name} = ${describeAccumulatorState(a)}`])).values()],
    },
  };
}

function describeAccumulatorState(a: AccumulatorSnapshot): string {
  if (a.kind === 'collection') return `${(a.state as unknown[]).length} value(s)`;
  return String((a.state as { sum: number }).sum);
}
