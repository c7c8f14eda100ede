/**
 * The entry point of a Kindling application (Spark's SparkContext): it connects to
 * a master, creates RDDs, and runs jobs on them through the DAG scheduler.
 *
 *   const kc = await KindlingContext.create({ master: 'local[2]', appName: 'word-count' });
 *   const counts = await kc.textFile(path).flatMap(…).reduceByKey(…).collect();
 *   await kc.stop();
 *
 * It is the RddContext of every RDD it creates: transformations ask it for ids and
 * function references, actions call `runJob` — which also checkpoints the marked RDDs
 * of the job's lineage once the job has ended (Spark's doCheckpoint).
 */
import { randomBytes } from 'node:crypto';
import {
  CHECKPOINT_ALL_MARKED_ANCESTORS_KEY,
  type Broadcast,
  type CollectionAccumulator,
  type DoubleAccumulator,
  type LongAccumulator,
  CHECKPOINT_DIR_KEY,
  ErrorCode,
  InvalidArgumentError,
  KindlingConf,
  KindlingError,
  ParallelCollectionRDD,
  RDD,
  ReliableCheckpointRDD,
  TextFileRDD,
  WholeTextFileRDD,
  claimCheckpoints,
  configureFileSystems,
  createFunctionResolver,
  createLogger,
  decodeTaskResult,
  encodeResultTask,
  encodeShuffleMapTask,
  prepareForJob,
  runCheckpoints,
  toFunctionRef,
  type CheckpointServices,
  type FunctionRef,
  type LoadedBundle,
  type Logger,
  type RddContext,
  validateConf,
} from '@kindling/common';
import { ContextAccumulators } from './accumulators/context-accumulators.js';
import { BroadcastManager } from './broadcast/broadcast-manager.js';
import { ContextCleaner } from './cleaner/context-cleaner.js';
import './driver-conf-entries.js';
import { createApplicationCheckpointDir, type ApplicationCheckpointDir } from './checkpoint/checkpoint-dir.js';
import { ConsoleProgressBar } from './progress/console-progress-bar.js';
import { BlockManagerMaster } from './scheduler/block-manager-master.js';
import { DAGScheduler } from './scheduler/dag-scheduler.js';
import { ListenerBus, type KindlingListener } from './scheduler/kindling-listener.js';
import { JOB_DESCRIPTION_PROPERTY, LocalProperties } from './scheduler/local-properties.js';
import { MapOutputTracker } from './scheduler/map-output-tracker.js';
import { parseMasterUrl, type MasterUrl } from './scheduler/master-url.js';
import type { ExecutorInfo, SchedulerBackend } from './scheduler/scheduler-backend.js';
import { createSchedulerBackend, type SchedulerBackendSetup } from './scheduler/scheduler-backend-factory.js';
import { TaskScheduler } from './scheduler/task-scheduler.js';
import { KindlingUI } from './ui/kindling-ui.js';

export interface KindlingContextOptions {
  /** `local-inprocess`, `local`, `local[N]`, `local[*]` or `kindling://HOST:PORT`. */
  readonly master: string;
  readonly appName?: string;
  readonly conf?: KindlingConf;
  /** The job bundle whose exports user functions may refer to (set by `kindling submit`). */
  readonly bundle?: LoadedBundle;
  readonly logger?: Logger;
  /**
   * Internal: builds the task-execution backend instead of the one the master
   * selects (tests inject faults this way). The master is still parsed and recorded.
   */
  readonly createBackend?: (setup: SchedulerBackendSetup) => SchedulerBackend;
}

let activeKindlingContext: KindlingContext | undefined;

export class KindlingContext implements RddContext {
  readonly appId: string;
  readonly appName: string;
  readonly master: string;
  readonly conf: KindlingConf;
  readonly logger: Logger;
  readonly bundle: LoadedBundle | undefined;
  /** Internal: the schedulers, exposed for tests and for the parts of the driver that build on them. */
  readonly dagScheduler: DAGScheduler;
  readonly taskScheduler: TaskScheduler;
  readonly mapOutputTracker: MapOutputTracker;
  readonly blockManagerMaster: BlockManagerMaster;
  /** Internal: the broadcasts of this context (streaming checkpoints write them). */
  readonly broadcastManager: BroadcastManager;
  /** Internal: the accumulators of this context (streaming checkpoints keep the named ones). */
  readonly accumulators = new ContextAccumulators();
  /** Removes unreachable shuffles and persisted RDDs from the executors; undefined when `kindling.cleaner.referenceTracking` is false. */
  readonly cleaner: ContextCleaner | undefined;
  private readonly listenerBus: ListenerBus;
  private readonly localProperties = new LocalProperties();
  private readonly backend: SchedulerBackend;
  private readonly progressBar: ConsoleProgressBar | undefined;
  private readonly masterUrl: MasterUrl;
  private readonly checkpointServices: CheckpointServices;
  private appCheckpointDir: ApplicationCheckpointDir | undefined;
  private parallelism = 1;
  private nextRddId = 0;
  private nextShuffleId = 0;
  private stopping: Promise<void> | undefined;
  /**
   * Set once the stop hooks have run: only then are new jobs refused. A graceful
   * streaming stop (a hook) lets the running batches finish, and their later output
   * jobs still need runJob; refused, they failed, and the batch was counted as
   * completed and never run again.
   */
  private refusingJobs = false;
  private stopHooks: Array<() => Promise<void>> = [];
  private progressPauses = 0;
  /** The UI and event log; undefined when both are off (kindling.ui.enabled, kindling.eventLog.enabled). */
  private webUi: KindlingUI | undefined;
  private attempt: { readonly appId: string; readonly attemptId: string | undefined };

  /** Connects to `options.master` and starts the schedulers; the only way to make a context. */
  static async create(options: KindlingContextOptions): Promise<KindlingContext> {
    const masterUrl = parseMasterUrl(options.master);
    const conf = options.conf?.clone() ?? new KindlingConf();
    // Every known key's value is checked before anything starts (a bad one throws
    // InvalidConfValueError naming it); unknown kindling.* keys are logged below.
    const confWarnings = validateConf(conf);
    const appName = options.appName ?? conf.get('kindling.app.name') ?? 'kindling-app';
    const appId = conf.get('kindling.app.id') ?? newAppId();
    conf.set('kindling.master', options.master).set('kindling.app.name', appName).set('kindling.app.id', appId);
    const configuredParallelism = conf.contains('kindling.default.parallelism') ? conf.getInt('kindling.default.parallelism', 1) : undefined;
    const logger = (options.logger ?? createLogger()).child({ appId });
    for (const warning of confWarnings) logger.warn(warning);
    // File systems the driver opens from now on follow this conf (short-circuit reads).
    configureFileSystems(conf, logger);
    const mapOutputTracker = new MapOutputTracker();
    const blockManagerMaster = new BlockManagerMaster();
    const broadcastManager = new BroadcastManager(logger);
    const listenerBus = new ListenerBus(logger);
    const setup: SchedulerBackendSetup = {
      master: options.master,
      masterUrl,
      appId,
      appName,
      conf,
      logger,
      mapOutputTracker,
      bundle: options.bundle,
      blockManagerMaster,
      broadcasts: broadcastManager,
      listenerBus,
    };
    const backend = (options.createBackend ?? createSchedulerBackend)(setup);
    if (backend.removeBroadcast !== undefined) broadcastManager.setRemover({ removeBroadcast: (id) => backend.removeBroadcast!(id) });
    const context = new KindlingContext(options, { appId, appName, conf, logger, mapOutputTracker, backend, blockManagerMaster, broadcastManager, listenerBus });
    try {
      // Before the backend, so that the UI sees the executors register (Spark starts its UI first too).
      context.webUi = await KindlingUI.start({ conf, appId, appName, master: options.master, masterUrl, logger, listenerBus });
    } catch (error) {
      await context.stop().catch(() => undefined);
      throw error;
    }
    try {
      await backend.start(context.taskScheduler);
    } catch (error) {
      await context.stop().catch(() => undefined);
      throw KindlingError.from(error, `Cannot start the scheduler backend for --master ${options.master}`);
    }
    context.parallelism = configuredParallelism ?? Math.max(1, backend.defaultParallelism());
    const checkpointDir = conf.get(CHECKPOINT_DIR_KEY);
    if (checkpointDir !== undefined && checkpointDir.trim() !== '') await context.setCheckpointDir(checkpointDir.trim());
    logger.info({ master: options.master, appName }, `Started KindlingContext ${appName} (${appId}) on ${options.master}`);
    activeKindlingContext = context;
    return context;
  }

  private constructor(
    options: KindlingContextOptions,
    parts: {
      appId: string;
      appName: string;
      conf: KindlingConf;
      logger: Logger;
      mapOutputTracker: MapOutputTracker;
      backend: SchedulerBackend;
      blockManagerMaster: BlockManagerMaster;
      broadcastManager: BroadcastManager;
      listenerBus: ListenerBus;
    },
  ) {
    this.broadcastManager = parts.broadcastManager;
    this.appId = parts.appId;
    this.appName = parts.appName;
    this.master = options.master;
    this.masterUrl = parseMasterUrl(options.master);
    this.conf = parts.conf;
    this.logger = parts.logger;
    this.bundle = options.bundle;
    this.mapOutputTracker = parts.mapOutputTracker;
    this.backend = parts.backend;
    this.listenerBus = parts.listenerBus;
    this.attempt = { appId: parts.appId, attemptId: undefined };
    this.blockManagerMaster = parts.blockManagerMaster;
    const blockManagerMaster = this.blockManagerMaster;
    this.checkpointServices = { cachedBlockLocations: (rddId, partition) => blockManagerMaster.getLocations(rddId, partition) };
    this.taskScheduler = new TaskScheduler({ conf: this.conf, logger: this.logger, blockManagerMaster: this.blockManagerMaster });
    this.dagScheduler = new DAGScheduler({
      appId: this.appId,
      conf: this.conf,
      logger: this.logger,
      taskScheduler: this.taskScheduler,
      mapOutputTracker: this.mapOutputTracker,
      blockManagerMaster: this.blockManagerMaster,
      listenerBus: this.listenerBus,
      taskEncoder: { encodeResultTask, encodeShuffleMapTask },
      bundleSha256: this.bundle?.sha256 ?? '',
    });
    this.taskScheduler.initialize(this.backend, this.dagScheduler);
    this.cleaner = ContextCleaner.fromConf(this.conf, this, this.logger);
    this.progressBar = ConsoleProgressBar.createIfEnabled(this.conf);
    if (this.progressBar !== undefined) this.listenerBus.addListener(this.progressBar);
  }

  /** Partitions of RDDs created without an explicit count: `kindling.default.parallelism`, else the executors' total cores. */
  get defaultParallelism(): number {
    return this.parallelism;
  }

  // ---- creating RDDs -------------------------------------------------------------

  /**
   * Distributes a local collection as an RDD of `numSlices` partitions (default:
   * defaultParallelism). The data is copied into the RDD when this is called.
   */
  parallelize<T>(data: Iterable<T>, numSlices: number = this.defaultParallelism): RDD<T> {
    this.assertNotStopped('parallelize');
    if (data === null || data === undefined || typeof (data as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new InvalidArgumentError(`parallelize expects an array or another iterable, got ${data === null ? 'null' : typeof data}`);
    }
    if (!Number.isInteger(numSlices) || numSlices < 1) {
      throw new InvalidArgumentError(
        `parallelize: numSlices must be a positive integer, got ${String(numSlices)}; pass 1 or more, or leave it out to use defaultParallelism (${this.defaultParallelism})`,
      );
    }
    return new ParallelCollectionRDD<T>(this, data, numSlices);
  }

  /**
   * The lines of a text file, or of the files of a directory, on any file system
   * (`file:///…` or a local path, `webhdfs://namenode:9870/…`, `hdfs://…`), in at least
   * `minPartitions` partitions (default: min(defaultParallelism, 2), as in Spark) and
   * at least one per block of each file. Lines end at '\n'; a line is read by exactly
   * one partition. The input is listed now, on the driver.
   */
  textFile(path: string, minPartitions: number = Math.min(this.defaultParallelism, 2)): RDD<string> {
    this.assertNotStopped('textFile');
    this.checkInput('textFile', path, minPartitions);
    return new TextFileRDD(this, path, minPartitions);
  }

  /**
   * Each file of a directory (or one file) as a (URI, content) pair, read as UTF-8, on
   * any file system; files are grouped into about `minPartitions` partitions and never
   * split (Spark's wholeTextFiles).
   */
  wholeTextFiles(path: string, minPartitions: number = Math.min(this.defaultParallelism, 2)): RDD<[string, string]> {
    this.assertNotStopped('wholeTextFiles');
    this.checkInput('wholeTextFiles', path, minPartitions);
    return new WholeTextFileRDD(this, path, minPartitions);
  }

  private checkInput(method: string, path: unknown, minPartitions: unknown): void {
    if (typeof path !== 'string' || path === '') {
      throw new InvalidArgumentError(`${method} expects a path or URI such as file:///data/in.txt or webhdfs://namenode:9870/data, got ${JSON.stringify(path)}`);
    }
    if (!Number.isInteger(minPartitions) || (minPartitions as number) < 1) {
      throw new InvalidArgumentError(`${method}: minPartitions must be a positive integer, got ${String(minPartitions)}`);
    }
  }

  /** An RDD with no partitions and no records (Spark's emptyRDD). */
  emptyRDD<T>(): RDD<T> {
    this.assertNotStopped('emptyRDD');
    return new ParallelCollectionRDD<T>(this, [], 1, { scope: 'emptyRDD', slices: [] });
  }

  // ---- shared variables ------------------------------------------------------------

  /**
   * A read-only value shipped to each executor once and kept there by id (Spark's
   * broadcast). Pass the handle to task functions with `capture({ b }, ({ b }) => (x) => b.value…)`;
   * it travels as its id. The value is encoded now: later changes on the driver are not seen.
   *
   * `name` (unique among live broadcasts) is what a streaming upgrade matches it by:
   * restarted with `--upgrade`, `kc.broadcast(v, { name })` returns the checkpoint's
   * broadcast of that name, with its value (like a named accumulator); an unnamed one is
   * restored by a plain recovery only.
   */
  broadcast<T>(value: T, options?: { readonly name?: string }): Broadcast<T> {
    this.assertNotStopped('broadcast');
    return this.broadcastManager.newBroadcast(value, options?.name);
  }

  /**
   * An accumulator of integers with sum, count and avg (Spark's longAccumulator). Tasks
   * add to it through `capture({ acc }, …)`; the driver reads `value`. Updates made in
   * actions count once per partition even when tasks are retried; updates made in
   * transformations may count more than once. A named one is kept by streaming
   * checkpoints, and after a restart this returns the restored accumulator of that name.
   */
  longAccumulator(name?: string): LongAccumulator {
    this.assertNotStopped('longAccumulator');
    return this.accumulators.create('long', name, 'longAccumulator') as unknown as LongAccumulator;
  }

  /** As longAccumulator, for any numbers (Spark's doubleAccumulator). */
  doubleAccumulator(name?: string): DoubleAccumulator {
    this.assertNotStopped('doubleAccumulator');
    return this.accumulators.create('double', name, 'doubleAccumulator') as unknown as DoubleAccumulator;
  }

  /** Collects the values tasks add (Spark's collectionAccumulator); the order across tasks is not defined. */
  collectionAccumulator<T>(name?: string): CollectionAccumulator<T> {
    this.assertNotStopped('collectionAccumulator');
    return this.accumulators.create('collection', name, 'collectionAccumulator') as unknown as CollectionAccumulator<T>;
  }

  // ---- checkpoints -------------------------------------------------------------------

  /**
   * Sets the directory under which RDDs are checkpointed (`rdd.checkpoint()`): a
   * directory of this application, `<directory>/<uuid>`, is created there. Any
   * FileSystem URI: `file:///…` (or an absolute path) for one machine,
   * `webhdfs://namenode:9870/…` for a cluster. Also set at start by `kindling.checkpoint.dir`.
   * The returned promise settles when the directory exists; checkpoints wait for it.
   */
  setCheckpointDir(directory: string): Promise<void> {
    this.assertNotStopped('setCheckpointDir');
    if (typeof directory !== 'string' || directory.trim() === '') {
      throw new InvalidArgumentError('setCheckpointDir expects a directory URI such as file:///tmp/checkpoints or webhdfs://namenode:9870/checkpoints');
    }
    this.appCheckpointDir = createApplicationCheckpointDir(directory, this.masterUrl, this.logger);
    return this.appCheckpointDir.created;
  }

  /** `<dir>/<uuid>` of setCheckpointDir, or undefined when none was set. */
  get checkpointDir(): string | undefined {
    return this.appCheckpointDir?.path;
  }

  /**
   * The RDD checkpointed in `path` (an `rdd-<id>` directory, as `getCheckpointFile()`
   * returned it), in this application or any other: the same records in the same
   * partitions, with the same partitioner, so a join with an RDD partitioned alike
   * needs no shuffle. Fails with a CheckpointError naming the file when the
   * checkpoint is incomplete or damaged.
   */
  async checkpointFile<T>(path: string): Promise<RDD<T>> {
    this.assertNotStopped('checkpointFile');
    return ReliableCheckpointRDD.open<T>(this, path, createFunctionResolver(this.bundle));
  }

  // ---- RddContext ------------------------------------------------------------------

  newRddId(): number {
    return this.nextRddId++;
  }

  newShuffleId(): number {
    return this.nextShuffleId++;
  }

  functionRef(fn: unknown, what: string): FunctionRef {
    return toFunctionRef(fn, { what, bundle: this.bundle });
  }

  /**
   * Runs `func` over `partitions` of `rdd` (all by default) and returns the
   * results in partition order. Actions call this; users rarely need to.
   * `options.description` is what the UI lists the job as (Spark's job description).
   */
  async runJob<U>(rdd: unknown, func: FunctionRef, partitions?: readonly number[], options: { readonly description?: string } = {}): Promise<U[]> {
    this.assertNotStopped('runJob');
    if (!(rdd instanceof RDD)) throw new InvalidArgumentError('runJob expects an RDD');
    const target = rdd as RDD<unknown>;
    if (target.context !== this) {
      throw new InvalidArgumentError(`${target.toString()} belongs to another KindlingContext; RDDs cannot be shared between contexts`);
    }
    const numPartitions = target.partitions.length;
    const outputs = partitions ?? Array.from({ length: numPartitions }, (_, i) => i);
    for (const p of outputs) {
      if (!Number.isInteger(p) || p < 0 || p >= numPartitions) {
        throw new InvalidArgumentError(`runJob: partition ${p} does not exist in ${target.toString()}, which has ${numPartitions} partitions`);
      }
    }
    // Range bounds and zipWithIndex offsets, computed by jobs of their own first.
    await prepareForJob(target);
    // Claimed before the job runs, so that its tasks write the checkpoints as they compute.
    const checkpoints = claimCheckpoints(target, this.conf.getBoolean(CHECKPOINT_ALL_MARKED_ANCESTORS_KEY, false));
    const properties = options.description === undefined ? this.localProperties.current() : new Map([...this.localProperties.current(), [JOB_DESCRIPTION_PROPERTY, options.description]]);
    const waiter = this.dagScheduler.submitJob(target, func, outputs, properties);
    const results = await waiter.promise;
    if (checkpoints.length > 0) {
      await this.appCheckpointDir?.created;
      await runCheckpoints(checkpoints, this.checkpointServices);
    }
    return results.map((bytes) => decodeTaskResult<U>(bytes));
  }

  /** Drops the cached blocks of an RDD everywhere (called by `unpersist`). */
  async removeRdd(rddId: number): Promise<void> {
    this.blockManagerMaster.removeRdd(rddId);
    this.listenerBus.post('onUnpersistRDD', { rddId });
    await this.backend.removeRdd(rddId);
  }

  /** Forgets a shuffle's map outputs and deletes its files on every executor. */
  async removeShuffle(shuffleId: number): Promise<void> {
    this.mapOutputTracker.unregisterShuffle(shuffleId);
    await this.backend.removeShuffle(shuffleId);
  }

  // ---- scheduler control and observation ------------------------------------------

  /** The UI's address, http://host:port, when it serves (Spark's uiWebUrl). */
  get uiWebUrl(): string | undefined {
    return this.webUi?.url;
  }

  /** Internal: the UI (status store, event log, server), for the streaming context and tests. */
  get ui(): KindlingUI | undefined {
    return this.webUi;
  }

  /**
   * The application this driver is an attempt of: its own id, or, once it has
   * recovered a streaming checkpoint, the id of the application that wrote it, with
   * the attempt number (Spark's applicationAttemptId). Written into metadata checkpoints.
   */
  get applicationAttempt(): { readonly appId: string; readonly attemptId: string | undefined } {
    return this.attempt;
  }

  /** Internal: this driver recovered a checkpoint of `appId`'s attempt `previousAttemptId` ('' for the first). */
  recoveredApplication(appId: string, previousAttemptId: string): void {
    if (appId === '') return;
    const previous = Number.parseInt(previousAttemptId, 10);
    this.attempt = { appId, attemptId: String((Number.isInteger(previous) && previous > 0 ? previous : 1) + 1) };
    this.webUi?.setApplicationAttempt(this.attempt.appId, this.attempt.attemptId!);
  }

  getExecutorInfos(): ExecutorInfo[] {
    return this.taskScheduler.executorInfos();
  }

  /** Registers a listener for job, stage and task events (Spark's addSparkListener). */
  addKindlingListener(listener: KindlingListener): void {
    this.listenerBus.addListener(listener);
  }

  removeKindlingListener(listener: KindlingListener): void {
    this.listenerBus.removeListener(listener);
  }

  /**
   * Stops drawing the console progress bar until `resumeConsoleProgress` (a running
   * StreamingContext shows a status line per batch instead). Calls nest: the bar
   * comes back when every pause has been resumed.
   */
  pauseConsoleProgress(): void {
    if (this.progressPauses++ === 0) this.progressBar?.pause();
  }

  resumeConsoleProgress(): void {
    if (this.progressPauses === 0) return;
    if (--this.progressPauses === 0) this.progressBar?.resume();
  }

  /**
   * Sets a property of the jobs this async flow submits from now on (Spark's
   * setLocalProperty; see scheduler/local-properties.ts for what "this flow" means in
   * an async function); undefined removes it. `kindling.scheduler.pool=background`
   * runs them only on cores no other job wants.
   */
  setLocalProperty(key: string, value: string | undefined): void {
    this.localProperties.set(key, value);
  }

  /** Runs `fn` with a local property set for the jobs it submits (and only those), and returns what it returns. */
  withLocalProperty<T>(key: string, value: string | undefined, fn: () => T): T {
    return this.localProperties.run(key, value, fn);
  }

  getLocalProperty(key: string): string | undefined {
    return this.localProperties.get(key);
  }

  /** Fails every running job with a cancellation error and kills its tasks. */
  cancelAllJobs(reason = 'cancelled by the application'): void {
    this.dagScheduler.cancelAllJobs(reason);
  }

  cancelJob(jobId: number, reason = 'cancelled by the application'): void {
    this.dagScheduler.cancelJob(jobId, reason);
  }

  get isStopped(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Runs `hook` when this context stops, before its schedulers stop (a streaming
   * context stops its batches first); jobs are accepted until every hook has
   * returned. Returns a function that removes the hook.
   */
  addStopHook(hook: () => Promise<void>): () => void {
    this.stopHooks.push(hook);
    return () => {
      this.stopHooks = this.stopHooks.filter((h) => h !== hook);
    };
  }

  /** Fails running jobs, stops the schedulers and the backend (executors, ports, temp files). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  /** The most recently created KindlingContext that is not stopped (Spark's SparkContext.getActive). */
  static getActive(): KindlingContext | undefined {
    return activeKindlingContext;
  }

  private async doStop(): Promise<void> {
    if (activeKindlingContext === this) activeKindlingContext = undefined;
    for (const hook of this.stopHooks.splice(0)) {
      await hook().catch((error: unknown) => this.logger.warn({ err: error }, 'a stop hook failed'));
    }
    this.refusingJobs = true;
    this.progressBar?.stop();
    this.cleaner?.stop();
    this.dagScheduler.stop();
    this.taskScheduler.stop();
    try {
      await this.backend.stop();
    } finally {
      this.broadcastManager.stop();
      this.accumulators.stop();
      await this.webUi?.stop().catch((error: unknown) => this.logger.warn({ err: error }, 'the UI did not stop cleanly'));
      this.logger.info(`Stopped KindlingContext ${this.appName} (${this.appId})`);
    }
  }

  private assertNotStopped(what: string): void {
    if (this.refusingJobs) {
      throw new KindlingError(ErrorCode.Cancelled, `Cannot call ${what}: this KindlingContext was stopped; create a new one`);
    }
  }
}

/** Spark-style application id: app-<yyyyMMddHHmmss>-<random>. */
function newAppId(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `app-${stamp}-${randomBytes(2).toString('hex')}`;
}
