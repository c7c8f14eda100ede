/**
 * A discretized stream (Spark's DStream): a sequence of RDDs, one per batch time,
 * each computed from the RDDs of its parent streams at that time. Like RDD.ts this
 * file is the contract only; operators live in `ops/` and are installed on the
 * prototype.
 *
 * A subclass gives its `kind`, `slideDuration`, `dependencies` and `compute(time)`,
 * and `describe()` — plain data (function refs, durations) that names what it does,
 * so the graph can be written to a checkpoint and rebuilt by a restarted driver.
 * Functions given to DStream operations are turned into FunctionRefs when the
 * operation is defined, exactly as RDD operations do, and fail then with a
 * ClosureError when they cannot travel.
 *
 * Per batch, `getOrCompute(time)` memoises the RDD in `generatedRDDs`, persists it
 * at the stream's storage level and marks it for checkpointing every
 * `checkpointDuration`. `clearMetadata(time)` forgets (and unpersists) the RDDs older
 * than `rememberDuration`, which is how a stream that runs for days stays flat.
 */
import { IllegalStateError, InvalidArgumentError, StorageLevel, type FunctionRef, type RDD } from '@kindling/common';
import { DStreamCheckpointData } from './checkpoint/dstream-checkpoint-data.js';
import { StateCheckpointData } from './checkpoint/state-checkpoint-data.js';
import type { DriverFunction } from './driver-function.js';
import { Duration, formatBatchTime } from './duration.js';
import type { StreamingContext } from './streaming-context.js';

/** How a DStream describes itself in the graph: plain data, no functions. */
export interface DStreamDescription {
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export abstract class DStream<T> {
  readonly id: number;
  /** The operation that created this stream ("map", "window"…), for names and messages. */
  readonly scope: string;
  private explicitUid: string | undefined;
  /** A derived uid carried over from a checkpoint (ids are renumbered when a graph is rebuilt). */
  private derivedUid: string | undefined;
  /** The state version of checkpoint files re-attached on recovery or upgrade (see checkpointedStateVersion). */
  private restoredState: { readonly version: number; readonly files: ReadonlySet<string> } | undefined;

  /** RDDs generated per batch time, kept for `rememberDuration` (Spark's generatedRDDs). */
  readonly generatedRDDs = new Map<number, RDD<T>>();
  private readonly inFlight = new Map<number, Promise<RDD<T> | undefined>>();

  zeroTime: number | undefined;
  rememberDuration: Duration | undefined;
  storageLevel: StorageLevel = StorageLevel.NONE;
  /** Streams whose RDDs depend on their own previous RDDs (state, inverse windows) must checkpoint. */
  readonly mustCheckpoint: boolean = false;
  checkpointDuration: Duration | undefined;
  /** The checkpoint directories of this stream's recent batches, for the metadata checkpoint. */
  readonly checkpointData: DStreamCheckpointData;

  constructor(
    readonly ssc: StreamingContext,
    scope: string,
  ) {
    ssc.assertCanAddOperation(scope);
    this.id = ssc.graph.newDStreamId();
    this.scope = scope;
    this.checkpointData = this.createCheckpointData();
  }

  /**
   * How this stream's checkpoints are kept: RDD checkpoints by default; the stateful
   * streams write incremental state checkpoints in the background (StateCheckpointData).
   * Called from the constructor: an override may not read the subclass's own fields.
   */
  protected createCheckpointData(): DStreamCheckpointData {
    return new DStreamCheckpointData(() => this.toString(), this.ssc.logger);
  }

  abstract readonly kind: string;

  /** Time between two RDDs of this stream. */
  abstract get slideDuration(): Duration;

  abstract get dependencies(): readonly DStream<unknown>[];

  /** The RDD of batch `time`, or undefined when this stream has none then. */
  abstract compute(time: number): Promise<RDD<T> | undefined>;

  /** The parameters that, with the kind and the parents, rebuild this stream. */
  protected abstract params(): Readonly<Record<string, unknown>>;

  describe(): DStreamDescription {
    return { kind: this.kind, params: this.params() };
  }

  /** How much longer than their own remember duration parents must keep RDDs (windows: the window). */
  protected get parentRememberDuration(): Duration {
    return this.rememberDuration ?? this.slideDuration;
  }

  // ---- identity -------------------------------------------------------------

  /**
   * A stable operator id (DESIGN.md §3): the one given with `name(uid)`, or one
   * derived from the kind and position in the graph. Checkpoints refer to operators by it.
   */
  get uid(): string {
    return this.explicitUid ?? this.derivedUid ?? `${this.kind}-${this.id}`;
  }

  get hasExplicitUid(): boolean {
    return this.explicitUid !== undefined;
  }

  /** Sets this operator's uid; it must be unique in the graph. */
  name(uid: string): this {
    this.ssc.assertCanAddOperation('name');
    if (typeof uid !== 'string' || uid.trim() === '') throw new InvalidArgumentError('name(uid) expects a non-empty string');
    this.ssc.graph.claimUid(uid, this);
    this.explicitUid = uid;
    return this;
  }

  /** Takes the uid recorded in a checkpoint, so a recovered operator keeps its identity. */
  restoreIdentity(uid: string, explicit: boolean): void {
    if (explicit) {
      this.ssc.graph.claimUid(uid, this);
      this.explicitUid = uid;
    } else {
      this.derivedUid = uid;
    }
  }

  // ---- storage and checkpointing ----------------------------------------------

  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    this.ssc.assertCanAddOperation('persist');
    if (this.storageLevel.isValid && this.storageLevel !== level) {
      throw new IllegalStateError(`Cannot change storage level of a DStream after it was already assigned a level (${this.storageLevel.name})`);
    }
    this.storageLevel = level;
    return this;
  }

  cache(): this {
    return this.persist();
  }

  /**
   * Checkpoints this stream's RDDs every `interval` (a multiple of the slide), which
   * cuts their lineage; also persists the stream, as Spark does.
   */
  checkpoint(interval: Duration | number): this {
    if (this.ssc.state !== 'INITIALIZED') {
      throw new IllegalStateError('Cannot change checkpoint interval of an DStream after streaming context has started');
    }
    this.persist();
    this.checkpointDuration = Duration.from(interval, 'checkpoint interval');
    return this;
  }

  // ---- lifecycle (driven by the DStreamGraph) ------------------------------------

  /** Sets the zero time and the default checkpoint and remember durations, then does the same for the parents. */
  initialize(zeroTime: number): void {
    if (this.zeroTime !== undefined && this.zeroTime !== zeroTime) {
      throw new IllegalStateError(`ZeroTime is already initialized to ${this.zeroTime}, cannot initialize it again to ${zeroTime}`);
    }
    this.zeroTime = zeroTime;
    if (this.mustCheckpoint && this.checkpointDuration === undefined) {
      this.checkpointDuration = this.defaultCheckpointDuration();
    }
    let minRemember = this.slideDuration;
    if (this.checkpointDuration !== undefined && !this.checkpointDuration.times(2).lessThan(minRemember)) {
      minRemember = this.checkpointDuration.times(2);
    }
    if (this.rememberDuration === undefined || this.rememberDuration.lessThan(minRemember)) this.rememberDuration = minRemember;
    for (const parent of this.dependencies) parent.initialize(zeroTime);
  }

  /** Streams that must checkpoint default to the smallest multiple of the slide that is at least 10 s. */
  protected defaultCheckpointDuration(): Duration {
    const slide = this.slideDuration.milliseconds;
    return Duration.of(slide * Math.ceil(10_000 / slide));
  }

  /** Keep RDDs for at least `duration`; windows ask their parents for more. */
  remember(duration: Duration | undefined): void {
    if (duration !== undefined && (this.rememberDuration === undefined || this.rememberDuration.lessThan(duration))) {
      this.rememberDuration = duration;
    }
    for (const parent of this.dependencies) parent.remember(this.parentRememberDuration);
  }

  /** Spark's validateAtStart: the checks that need the whole graph and the context's settings. */
  validateAtStart(): void {
    const where = `${this.kind} (${this.uid})`;
    if (this.mustCheckpoint && this.checkpointDuration === undefined) {
      throw new InvalidArgumentError(`The checkpoint interval for ${where} has not been set. Please use DStream.checkpoint() to set the interval.`);
    }
    if (this.checkpointDuration !== undefined && this.ssc.checkpointDir === undefined) {
      throw new InvalidArgumentError(`The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint().`);
    }
    if (this.checkpointDuration !== undefined && this.checkpointDuration.lessThan(this.slideDuration)) {
      throw new InvalidArgumentError(
        `The checkpoint interval for ${where} has been set to ${this.checkpointDuration} which is lower than its slide time (${this.slideDuration}). Please set it to at least ${this.slideDuration}.`,
      );
    }
    if (this.checkpointDuration !== undefined && !this.checkpointDuration.isMultipleOf(this.slideDuration)) {
      throw new InvalidArgumentError(
        `The checkpoint interval for ${where} has been set to ${this.checkpointDuration} which not a multiple of its slide time (${this.slideDuration}). Please set it to a multiple of ${this.slideDuration}.`,
      );
    }
    if (this.checkpointDuration !== undefined && this.rememberDuration !== undefined && !this.checkpointDuration.lessThan(this.rememberDuration)) {
      throw new InvalidArgumentError(
        `The remember duration for ${where} has been set to ${this.rememberDuration} which is not more than the checkpoint interval (${this.checkpointDuration}). Please set it to a value higher than ${this.checkpointDuration}.`,
      );
    }
    for (const parent of this.dependencies) parent.validateAtStart();
  }

  /** The driver-side functions of this stream (foreachRDD, transform), checked when checkpointing is on. */
  protected driverFunctions(): readonly DriverFunction<(...args: any[]) => any>[] {
    return [];
  }

  /** With checkpointing on, every function must be a reference a restarted driver can resolve (Spark's message). */
  validateCheckpointable(): void {
    for (const fn of this.driverFunctions()) {
      if (fn.ref === undefined) {
        throw new InvalidArgumentError(
          `DStream checkpointing has been enabled but the DStreams with their functions are not serializable: ${this.scope} (${this.uid}): ${fn.unshippableReason ?? 'no function reference'}`,
        );
      }
    }
  }

  // ---- per batch ------------------------------------------------------------------

  /** A valid batch time for this stream: after the zero time, on a slide boundary. */
  isTimeValid(time: number): boolean {
    if (this.zeroTime === undefined) throw new IllegalStateError(`${this.kind} (${this.uid}) has not been initialized`);
    return time > this.zeroTime && (time - this.zeroTime) % this.slideDuration.milliseconds === 0;
  }

  /**
   * The RDD of batch `time`, computed once: windows ask for the same parent RDD from
   * several batches, and a parent shared by two outputs is asked twice per batch.
   */
  getOrCompute(time: number): Promise<RDD<T> | undefined> {
    const generated = this.generatedRDDs.get(time);
    if (generated !== undefined) return Promise.resolve(generated);
    if (!this.isTimeValid(time)) return Promise.resolve(undefined);
    let pending = this.inFlight.get(time);
    if (pending === undefined) {
      pending = this.computeAndRemember(time).finally(() => this.inFlight.delete(time));
      this.inFlight.set(time, pending);
    }
    return pending;
  }

  private async computeAndRemember(time: number): Promise<RDD<T> | undefined> {
    const checkpointNow = this.checkpointDuration !== undefined && (time - this.zeroTime!) % this.checkpointDuration.milliseconds === 0;
    const stateData = this.checkpointData instanceof StateCheckpointData ? this.checkpointData : undefined;
    if (checkpointNow) await stateData?.beforeCheckpointBatch();
    const rdd = await this.compute(time);
    if (rdd === undefined) return undefined;
    if (this.storageLevel.isValid && !rdd.storageLevel.isValid) rdd.persist(this.storageLevel);
    if (checkpointNow) {
      // A state RDD is written after its batch, in the background; any other is written by the batch's tasks.
      if (stateData !== undefined) stateData.markPending(time, rdd as RDD<unknown>);
      else rdd.checkpoint();
    }
    if (rdd.name === undefined) rdd.setName(`${this.uid} @ ${formatBatchTime(time)}`);
    this.generatedRDDs.set(time, rdd);
    return rdd;
  }

  /**
   * Forgets the RDDs older than `time − rememberDuration` (Spark's clearMetadata),
   * unpersisting them, then does the same for the parents. Once nothing refers to an
   * RDD, the context cleaner deletes its shuffle files.
   */
  clearMetadata(time: number): void {
    const remember = this.rememberDuration?.milliseconds ?? 0;
    for (const [t, rdd] of this.generatedRDDs) {
      if (t > time - remember) continue;
      this.generatedRDDs.delete(t);
      if (rdd.storageLevel.isValid) rdd.unpersist();
      this.ssc.logger.debug({ batchTime: t, dstream: this.uid }, `Cleared RDD ${rdd.id} of ${this.uid}`);
    }
    for (const parent of this.dependencies) parent.clearMetadata(time);
  }

  // ---- state versions (docs/DESIGN.md §11) -------------------------------------------

  /**
   * Streams that keep state across batches: the version of their state's shape (1
   * unless the operator declares another with `stateVersion(n, migrate)`); 0 for a
   * stream without state.
   */
  get declaredStateVersion(): number {
    return this.mustCheckpoint ? 1 : 0;
  }

  /**
   * Re-attaches checkpointed RDDs recorded by a metadata checkpoint (recovery, or an
   * upgrade matching this stream), with the state version they were written under
   * (0 or less: this stream's own), so `restoreGeneratedRDD` migrates older state.
   */
  loadCheckpointData(files: ReadonlyMap<number, string>, stateVersion: number): void {
    this.checkpointData.load(files);
    if (this.declaredStateVersion > 0) this.restoredState = { version: stateVersion > 0 ? stateVersion : this.declaredStateVersion, files: new Set(files.values()) };
  }

  /**
   * The state version of the checkpoint files this stream refers to now: the restored
   * files' until a newer state checkpoint replaces them. A driver killed after an
   * upgrade but before that checkpoint must migrate the old files again, so the
   * version written with them is theirs, not the code's.
   */
  get checkpointedStateVersion(): number {
    if (this.declaredStateVersion === 0) return 0;
    const restored = this.restoredState;
    if (restored !== undefined && [...this.checkpointData.currentCheckpointFiles.values()].some((file) => restored.files.has(file))) return restored.version;
    return this.declaredStateVersion;
  }

  /** Recovery: takes back the RDD of batch `time` read from its checkpoint, migrated when it holds an older state version. */
  restoreGeneratedRDD(time: number, rdd: RDD<T>): void {
    const from = this.restoredState?.version ?? this.declaredStateVersion;
    if (from >= this.declaredStateVersion) {
      this.generatedRDDs.set(time, rdd);
      return;
    }
    const migrated = this.migrateState(rdd, from);
    if (this.storageLevel.isValid) migrated.persist(this.storageLevel);
    migrated.setName(`${this.uid} @ ${formatBatchTime(time)} (state v${from} → v${this.declaredStateVersion})`);
    this.ssc.logger.info({ batchTime: time, dstream: this.uid }, `Migrating the state of ${this.uid} at ${time} ms from version ${from} to ${this.declaredStateVersion}`);
    this.generatedRDDs.set(time, migrated);
  }

  /** Stateful streams that declare versions: `rdd`'s state, written under `fromVersion`, in this stream's version. */
  protected migrateState(_rdd: RDD<T>, fromVersion: number): RDD<T> {
    throw new IllegalStateError(`${this.scope} (${this.uid}) cannot migrate state from version ${fromVersion} to ${this.declaredStateVersion}`);
  }

  /** Records which remembered RDDs are checkpointed, before the metadata checkpoint of `time`. */
  updateCheckpointData(time: number): void {
    this.checkpointData.update(time, this.generatedRDDs as ReadonlyMap<number, RDD<unknown>>);
  }

  /** After the metadata checkpoint of `time` is written: deletes RDD checkpoints it no longer refers to. */
  clearCheckpointData(time: number): Promise<void> {
    return this.checkpointData.cleanup(time);
  }

  /** The RDDs of this stream from batches in (from, to], oldest first (Spark's slice). */
  async slice(fromTime: number, toTime: number): Promise<RDD<T>[]> {
    if (this.zeroTime === undefined) throw new IllegalStateError(`${this.kind} (${this.uid}) has not been initialized`);
    const slide = this.slideDuration.milliseconds;
    const rdds: RDD<T>[] = [];
    const first = this.alignedTime(fromTime) + (this.alignedTime(fromTime) <= fromTime ? slide : 0);
    for (let t = first; t <= toTime; t += slide) {
      const rdd = await this.getOrCompute(t);
      if (rdd !== undefined) rdds.push(rdd);
    }
    return rdds;
  }

  private alignedTime(time: number): number {
    const slide = this.slideDuration.milliseconds;
    return this.zeroTime! + Math.floor((time - this.zeroTime!) / slide) * slide;
  }

  /** A function given to an operation, as a ref that can travel and be checkpointed (ClosureError otherwise). */
  protected functionRef(fn: unknown, what: string): FunctionRef {
    return this.ssc.kindlingContext.functionRef(fn, what);
  }

  toString(): string {
    return `${this.kind}[${this.uid}]`;
  }
}
