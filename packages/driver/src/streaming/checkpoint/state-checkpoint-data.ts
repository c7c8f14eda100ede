/**
 * Asynchronous, incremental state checkpoints (issue 11 item 5): the checkpoint data
 * of the stateful streams (mapWithState, updateStateByKey, the inverse
 * reduceByKeyAndWindow), in place of the RDD checkpoint every other stream uses.
 *
 * Why: an RDD checkpoint is written by the batch's own tasks (the tee), so the batch
 * that checkpoints a large state takes several times as long as the others — Spark's
 * saw-tooth — and writes the whole state every time. A state RDD is immutable once
 * computed and cached, so its snapshot can be written by a job of its own after the
 * batch, while the next batches run; and only what changed since the previous
 * snapshot need be written.
 *
 * The life of one state checkpoint, for the batch at a checkpoint time C:
 * 1. `markPending(C, rdd)` when the RDD is generated (nothing is written yet);
 * 2. `start(C)` once batch C's jobs have ended (DoCheckpoint(C) after ClearMetadata):
 *    a background job reads the cached state and writes `state-C-delta` (the keys
 *    changed since the previous complete state checkpoint) or `state-C-full` (every
 *    `kindling.streaming.state.fullSnapshotInterval` checkpoints, the first one, and
 *    when no delta can be made); one write at a time per stream;
 * 3. once its `_metadata` is written, the state RDD's lineage is cut (it now reads from
 *    the chain of files if its cached blocks are lost), and metadata checkpoints from
 *    then on name it — never before, so recovery always finds a complete chain. A
 *    kill during the write leaves an incomplete directory that no checkpoint names;
 *    recovery starts from the previous one and recomputes the batches after it.
 *
 * The batches since the state checkpoint a metadata checkpoint names are recomputed
 * on recovery from their inputs, as they always were with RDD checkpoints; the
 * checkpoint batch waits for the previous write to end (it normally has, ten batches
 * later), so that gap stays under two checkpoint intervals, which the inputs remember.
 */
import {
  builtinRef,
  CheckpointError,
  getFileSystem,
  KindlingError,
  MapPartitionsRDD,
  PairStateDeltaRDD,
  Path,
  RDDCheckpointData,
  ReliableCheckpointRDD,
  ReliableRDDCheckpointData,
  StateSnapshotRDD,
  partitionerFromPlan,
  type Logger,
  type Partitioner,
  type PartitionerPlan,
  type RDD,
  type RddContext,
  type StateForm,
  type StateSnapshotDir,
  type StateSnapshotPart,
} from '@kindling/common';
import type { BatchCheckpointInfo } from '../batch-info.js';
import { BACKGROUND_POOL, SCHEDULER_POOL_PROPERTY } from '../../scheduler/scheduling-pool.js';
import { DStreamCheckpointData } from './dstream-checkpoint-data.js';
import {
  parseStateCheckpointDirName,
  readStateChain,
  stateCheckpointDirName,
  stateCheckpointRoot,
  writeChainFile,
  writeSlicesFile,
  type StateCheckpointMode,
} from './state-checkpoint-files.js';

export const FULL_SNAPSHOT_INTERVAL_KEY = 'kindling.streaming.state.fullSnapshotInterval';
export const FULL_SNAPSHOT_INTERVAL_DEFAULT = 10;
export const FULL_SNAPSHOT_SLICES_KEY = 'kindling.streaming.state.fullSnapshotSlices';
export const FULL_SNAPSHOT_SLICES_DEFAULT = 8;
/** The scheduling pool of the state checkpoint writes' jobs (streaming-conf-entries.ts). */
export const STATE_CHECKPOINT_POOL_KEY = 'kindling.streaming.state.checkpointPool';

/** What the checkpoint data needs of its stream (an interface, so that dstream.ts and this file do not import each other). */
export interface StateStreamHandle {
  readonly uid: string;
  readonly generatedRDDs: ReadonlyMap<number, RDD<unknown>>;
  readonly checkpointDir: string | undefined;
  readonly context: RddContext & {
    readonly conf: { getInt(key: string, defaultValue: number): number; get(key: string): string | undefined };
    /** KindlingContext.withLocalProperty (the writes' jobs run in the background pool). */
    withLocalProperty<T>(key: string, value: string | undefined, fn: () => T): T;
  };
}

interface CompletedStateCheckpoint {
  readonly time: number;
  readonly path: string;
  readonly mode: StateCheckpointMode;
  /** Oldest first, ending with this one. */
  readonly chain: readonly StateSnapshotDir[];
  readonly names: readonly string[];
}

interface PendingStateCheckpoint {
  readonly rdd: RDD<unknown>;
  /** Written as a full snapshot whatever the interval says (the final checkpoint of a graceful stop). */
  readonly full: boolean;
  started: boolean;
  readonly resolve: (info: BatchCheckpointInfo | undefined) => void;
  readonly outcome: Promise<BatchCheckpointInfo | undefined>;
}

/** Marks a state RDD checkpointed by a state checkpoint that is already written: cuts its lineage to the chain's files. */
class StateRDDCheckpointData<T> extends RDDCheckpointData<T> {
  readonly isLocal = false;

  constructor(
    rdd: RDD<T>,
    private readonly reader: RDD<T>,
  ) {
    super(rdd);
  }

  protected doCheckpoint(): Promise<RDD<T>> {
    return Promise.resolve(this.reader);
  }
}

export class StateCheckpointData extends DStreamCheckpointData {
  private readonly pending = new Map<number, PendingStateCheckpoint>();
  private readonly completed: CompletedStateCheckpoint[] = [];
  private inFlight: Promise<void> | undefined;
  private inFlightName: string | undefined;
  private lastCleanedFor: number | undefined;
  private stateRestored = false;

  constructor(
    describe: () => string,
    private readonly log: Logger,
    private readonly stream: StateStreamHandle,
    readonly form: StateForm,
  ) {
    super(describe, log);
  }

  /**
   * The batch a state chain may be compacted through when batch `time` runs: the
   * newest checkpoint before it, complete or still being written — the next delta is
   * taken over it, so no compacted level may hold changes from both sides of it.
   * (Were it the newest complete one only, a batch running while the first snapshot is
   * written would compact everything, and the next checkpoint could not be a delta.)
   * Undefined before any checkpoint: everything may be compacted.
   */
  compactionBoundary(time: number): number | undefined {
    let boundary = this.completed.at(-1)?.time;
    for (const t of this.pending.keys()) if (t < time && (boundary === undefined || t > boundary)) boundary = t;
    return boundary;
  }

  /** Batch `time`'s RDD is to be checkpointed once the batch is done. */
  markPending(time: number, rdd: RDD<unknown>, full = false): void {
    if (this.pending.has(time)) return;
    let resolve: (info: BatchCheckpointInfo | undefined) => void = () => undefined;
    const outcome = new Promise<BatchCheckpointInfo | undefined>((r) => (resolve = r));
    this.pending.set(time, { rdd, full, resolve, outcome, started: false });
  }

  /**
   * A graceful stop's last state checkpoint: the state after `lastBatchTime` (the
   * last completed batch) is written now unless a complete checkpoint already holds
   * it, so that a restart, or an upgrade, re-attaches it instead of recomputing it
   * from the input. Resolves with what was written, or undefined (nothing to write,
   * or the write failed: it is logged, and the previous checkpoint stays the one
   * named). Called once every batch and every other write has ended.
   */
  writeFinal(lastBatchTime: number): Promise<BatchCheckpointInfo | undefined> {
    let time: number | undefined;
    for (const t of this.stream.generatedRDDs.keys()) if (t <= lastBatchTime && (time === undefined || t > time)) time = t;
    const newest = this.completed.at(-1)?.time;
    if (time === undefined || (newest !== undefined && newest >= time) || this.stream.checkpointDir === undefined) return Promise.resolve(undefined);
    // A mapWithState state is a stack of levels compacted through the planned
    // checkpoint times (compactionBoundary); this time was not one, so only a full
    // snapshot is sure to hold every level. A pair state's delta is a diff of two
    // RDDs, right at any time.
    this.markPending(time, this.stream.generatedRDDs.get(time)!, this.form === 'levels');
    this.start(time);
    return this.outcome(time) ?? Promise.resolve(undefined);
  }

  /** What batch `time`'s state checkpoint wrote, once it has; undefined when the batch does not checkpoint. */
  outcome(time: number): Promise<BatchCheckpointInfo | undefined> | undefined {
    return this.pending.get(time)?.outcome;
  }

  /** Before a checkpoint batch is computed: the previous write must have ended (see the header). */
  async beforeCheckpointBatch(): Promise<void> {
    await this.inFlight;
  }

  /** Batch `time` has completed: starts its state checkpoint in the background, after any write in flight. */
  start(time: number): void {
    // A checkpoint time recomputed on recovery (a batch before those run again) never
    // completes as a batch, so nothing starts its write: it is forgotten with its RDD.
    for (const [t, older] of this.pending) {
      if (t !== time && !older.started && this.stream.generatedRDDs.get(t) !== older.rdd) {
        this.pending.delete(t);
        older.resolve(undefined);
      }
    }
    const pending = this.pending.get(time);
    if (pending === undefined || pending.started) return;
    pending.started = true;
    const previous = this.inFlight ?? Promise.resolve();
    const run = previous.then(async () => {
      let info: BatchCheckpointInfo | undefined;
      try {
        // The write's jobs (snapshot slices, deltas) are bookkeeping: in the background
        // pool they take only the cores no batch wants, so a batch submitted meanwhile
        // is not queued behind them (scheduler/scheduling-pool.ts).
        const { context } = this.stream;
        const pool = context.conf.get(STATE_CHECKPOINT_POOL_KEY) ?? BACKGROUND_POOL;
        info = await context.withLocalProperty(SCHEDULER_POOL_PROPERTY, pool, () => this.write(time, pending.rdd, pending.full));
      } catch (error) {
        const failure = KindlingError.from(error);
        this.log.warn({ batchTime: time, err: failure }, `State checkpoint of ${this.describe()} for batch ${time} ms failed; metadata checkpoints go on naming the previous complete one, and the next is written in full or as a delta of it: ${failure.message}`);
      } finally {
        this.pending.delete(time);
        pending.resolve(info);
      }
    });
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
    });
  }

  /** Resolves when no write is in flight (tests step batch by batch and look at the files). */
  async idle(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
  }

  /** Waits for the write in flight, and reports the batches whose write never started as not checkpointed (stop). */
  async drain(): Promise<void> {
    await this.inFlight;
    for (const [time, pending] of this.pending) {
      this.pending.delete(time);
      pending.resolve(undefined);
    }
  }

  private async write(time: number, rdd: RDD<unknown>, forceFull: boolean): Promise<BatchCheckpointInfo> {
    const started = Date.now();
    const checkpointDir = this.stream.checkpointDir;
    if (checkpointDir === undefined) throw new CheckpointError(`${this.describe()} has no checkpoint directory`);
    const { context } = this.stream;
    const base = this.completed.at(-1);
    const interval = Math.max(1, context.conf.getInt(FULL_SNAPSHOT_INTERVAL_KEY, FULL_SNAPSHOT_INTERVAL_DEFAULT));
    const baseRdd = base === undefined ? undefined : this.stream.generatedRDDs.get(base.time);
    let full = forceFull || base === undefined || base.names.length >= interval || base.chain[0]!.files.numPartitions !== rdd.partitions.length;
    if (!full && this.form === 'pairs' && (baseRdd === undefined || baseRdd.partitions.length !== rdd.partitions.length)) full = true;
    const mode: StateCheckpointMode = full ? 'full' : 'delta';
    const root = stateCheckpointRoot(checkpointDir, this.stream.uid);
    const name = stateCheckpointDirName(time, mode);
    const path = Path.join(root, name);
    const names = [...(full ? [] : base!.names), name];
    this.inFlightName = name;

    // A full snapshot is written in slices, each by a small job of its own in the
    // background pool, so a batch submitted while one slice is written runs before the
    // next slice, instead of after the whole snapshot. (A delta is not
    // sliced: it is small, and a pair-state delta is a diff that would be repeated.)
    const slices = full ? Math.max(1, context.conf.getInt(FULL_SNAPSHOT_SLICES_KEY, FULL_SNAPSHOT_SLICES_DEFAULT)) : 1;
    // A directory left by an attempt that did not finish (a killed driver) is replaced.
    await getFileSystem(path).delete(path, { recursive: true });
    await writeChainFile(path, names);
    const written: StateSnapshotDir[] = [];
    for (let slice = 0; slice < slices; slice++) {
      let snapshot: RDD<StateSnapshotPart>;
      if (this.form === 'levels') {
        snapshot = new MapPartitionsRDD<StateSnapshotPart, unknown>(rdd, builtinRef('streaming.stateSnapshot.levels', full ? null : base!.time, slice, slices), true, 'stateCheckpoint');
      } else if (full) {
        snapshot = new MapPartitionsRDD<StateSnapshotPart, unknown>(rdd, builtinRef('streaming.stateSnapshot.pairs', slice, slices), true, 'stateCheckpoint');
      } else {
        snapshot = new PairStateDeltaRDD(context, rdd as RDD<[unknown, unknown]>, baseRdd as RDD<[unknown, unknown]>);
      }
      const data = slices === 1 ? new ReliableRDDCheckpointData(snapshot, root, name) : new ReliableRDDCheckpointData(snapshot, path, `slice-${slice}`);
      snapshot.checkpointData = data;
      await snapshot.count();
      const files = data.checkpointRDD;
      if (!(files instanceof ReliableCheckpointRDD)) throw new CheckpointError(`State checkpoint ${path} was not completed`, { path });
      written.push({ path: files.checkpointPath, files: { numPartitions: files.files.numPartitions, partSizes: [...files.files.partSizes] } });
    }
    if (slices > 1) await writeSlicesFile(path, slices);
    const chain = [...(full ? [] : base!.chain), ...written];
    const bytesWritten = written.reduce((sum, d) => sum + d.files.partSizes.reduce((a, b) => a + b, 0), 0);

    // The state RDD now reads from the chain if its cached blocks are lost: its lineage
    // (every state RDD since the last cut) can go.
    if (rdd.checkpointData === undefined) {
      const cut = new StateRDDCheckpointData(rdd, new StateSnapshotRDD<unknown>(context, chain, this.form, rdd.partitioner));
      rdd.checkpointData = cut;
      await cut.checkpoint({ cachedBlockLocations: () => [] });
    }
    this.completed.push({ time, path, mode, chain, names });
    if (this.completed.length > 2) this.completed.shift();
    this.inFlightName = undefined;
    const info: BatchCheckpointInfo = { durationMs: Date.now() - started, bytesWritten, mode };
    this.log.info(
      { batchTime: time, dstream: this.stream.uid, checkpoint: info, chainLength: names.length },
      `Checkpointed the state of ${this.describe()} for batch ${time} ms: ${mode}, ${bytesWritten} bytes in ${info.durationMs} ms to ${path}${slices > 1 ? ` in ${slices} slices` : ''} (rebuilt from ${names.length} director${names.length === 1 ? 'y' : 'ies'})`,
    );
    return info;
  }

  /** Names only the newest complete state checkpoint at or before `time`, as the metadata checkpoint's data. */
  override update(time: number): void {
    const newest = this.completed.filter((c) => c.time <= time).at(-1);
    if (newest === undefined) return;
    this.currentCheckpointFiles = new Map([[newest.time, newest.path]]);
  }

  /**
   * After a metadata checkpoint is written: deletes this stream's state directories
   * older than the newest complete one that are in neither its chain nor the
   * previous one's (so the checkpoint before, which may still be read if the newest
   * is damaged, keeps its chain too) — incomplete directories left by a kill included.
   */
  override async cleanup(_time: number): Promise<void> {
    const newest = this.completed.at(-1);
    const checkpointDir = this.stream.checkpointDir;
    if (newest === undefined || checkpointDir === undefined || this.lastCleanedFor === newest.time) return;
    this.lastCleanedFor = newest.time;
    const keep = new Set(this.completed.flatMap((c) => c.names));
    if (this.inFlightName !== undefined) keep.add(this.inFlightName);
    const root = stateCheckpointRoot(checkpointDir, this.stream.uid);
    const fs = getFileSystem(root);
    let entries;
    try {
      entries = await fs.list(root);
    } catch (error) {
      this.log.warn({ err: error }, `Could not list the state checkpoints of ${this.describe()} in ${root}: ${KindlingError.from(error).message}`);
      return;
    }
    for (const entry of entries) {
      const name = Path.name(entry.path);
      const parsed = parseStateCheckpointDirName(name);
      if (parsed === undefined || keep.has(name) || parsed.batchTime >= newest.time) continue;
      try {
        await fs.delete(entry.path, { recursive: true });
        this.log.debug(`Deleted state checkpoint ${entry.path} of ${this.describe()}`);
      } catch (error) {
        this.log.warn({ err: error }, `Could not delete state checkpoint ${entry.path} of ${this.describe()}: ${KindlingError.from(error).message}`);
      }
    }
  }

  /** Recovery: the state at the recorded batch, rebuilt from its chain (the last full snapshot and the deltas after it). */
  override async restore<T>(): Promise<Map<number, RDD<T>>> {
    const rdds = new Map<number, RDD<T>>();
    if (this.stateRestored) return rdds;
    this.stateRestored = true;
    for (const [time, path] of [...this.currentCheckpointFiles].sort((a, b) => a[0] - b[0])) {
      const chain = await readStateChain(path, this.log);
      let partitioner: Partitioner | undefined;
      if (chain.partitioner !== undefined) partitioner = partitionerFromPlan(chain.partitioner as PartitionerPlan);
      this.log.info(`Restoring the state of ${this.describe()} at ${time} ms from ${path} (${chain.names.join(' + ')})`);
      rdds.set(time, new StateSnapshotRDD<T>(this.stream.context, chain.dirs, this.form, partitioner));
      this.completed.push({ time, path, mode: parseStateCheckpointDirName(chain.names.at(-1)!)!.mode, chain: chain.dirs, names: chain.names });
    }
    return rdds;
  }
}

/** The checkpoint data of a state stream; `stream` is read lazily (the stream is still being constructed). */
export function stateCheckpointDataFor(
  stream: {
    readonly uid: string;
    readonly generatedRDDs: ReadonlyMap<number, RDD<unknown>>;
    readonly ssc: { readonly checkpointDir: string | undefined; readonly kindlingContext: StateStreamHandle['context']; readonly logger: Logger };
    toString(): string;
  },
  form: StateForm,
): StateCheckpointData {
  const handle: StateStreamHandle = {
    get uid() {
      return stream.uid;
    },
    get generatedRDDs() {
      return stream.generatedRDDs;
    },
    get checkpointDir() {
      return stream.ssc.checkpointDir;
    },
    get context() {
      return stream.ssc.kindlingContext;
    },
  };
  return new StateCheckpointData(() => stream.toString(), stream.ssc.logger, handle, form);
}

/** Several state streams' checkpoints of one batch as one: the longest, all the bytes, full when any was. */
export function combineBatchCheckpoints(infos: readonly (BatchCheckpointInfo | undefined)[]): BatchCheckpointInfo | undefined {
  const written = infos.filter((i): i is BatchCheckpointInfo => i !== undefined);
  if (written.length === 0) return undefined;
  return {
    durationMs: Math.max(...written.map((i) => i.durationMs)),
    bytesWritten: written.reduce((a, i) => a + i.bytesWritten, 0),
    mode: written.some((i) => i.mode === 'full') ? 'full' : 'delta',
  };
}
