/**
 * The entry point of a streaming application (Spark's StreamingContext): it holds
 * the DStream graph, and once started, a JobGenerator that cuts the input into
 * batches every `batchDuration` and a JobScheduler that runs each batch's output
 * jobs on the KindlingContext.
 *
 *   const ssc = new StreamingContext(kc, Seconds(1));
 *   ssc.queueStream(rdds).map(f).print();
 *   ssc.start();
 *   await ssc.awaitTerminationOrTimeout(10_000);
 *   await ssc.stop();
 *
 * Lifecycle as in Spark: INITIALIZED (operations may be added) → ACTIVE (started;
 * the graph is fixed) → STOPPED. At most one context is active per process.
 */
import { IllegalStateError, InvalidArgumentError, KindlingError, silentLogger, type Logger } from '@kindling/common';
import { KindlingContext } from '../kindling-context.js';
import type { ProgressOutput } from '../progress/console-progress-bar.js';
import { StreamingStatusLine } from '../progress/console-streaming-status.js';
import { ManualClock, SystemClock, type Clock } from './clock.js';
import { describeGraph } from './checkpoint/checkpoint-builder.js';
import { readCheckpointOrFail, type CheckpointReadResult } from './checkpoint/checkpoint-reader.js';
import { recoverStreamingContext } from './checkpoint/streaming-recovery.js';
import { MetadataCheckpointer } from './checkpoint/metadata-checkpointer.js';
import { DStreamGraph } from './dstream-graph.js';
import { Duration } from './duration.js';
import { InputInfoTracker } from './input-info-tracker.js';
import { JobGenerator, type RestartInfo } from './job-generator.js';
import { JobScheduler } from './job-scheduler.js';
import { StreamingListenerBus, type StreamingListener } from './streaming-listener.js';

export type StreamingContextState = 'INITIALIZED' | 'ACTIVE' | 'STOPPED';

export interface StreamingContextOptions {
  /** The clock batches are timed by; default from `kindling.streaming.clock` (`system` or `manual`). */
  readonly clock?: Clock;
  /** Internal: where the per-batch status line goes (default process.stdout, when a terminal); tests pass a fake terminal. */
  readonly consoleOutput?: ProgressOutput;
}

export interface GetOrCreateOptions {
  /** Create a new context when the checkpoint files cannot be read (never when they belong to another bundle). */
  readonly createOnError?: boolean;
  /** The KindlingContext to recover into; default the active one. */
  readonly kindlingContext?: KindlingContext;
  /** Internal, for tests: the clock of a recovered context. */
  readonly clock?: Clock;
}

export interface StopOptions {
  /** Also stop the KindlingContext (default `kindling.streaming.stopKindlingContextByDefault`, true). */
  readonly stopKindlingContext?: boolean;
  /** Finish every batch already generated before stopping (default false). */
  readonly graceful?: boolean;
}

let activeContext: StreamingContext | undefined;

export class StreamingContext {
  readonly kindlingContext: KindlingContext;
  readonly batchDuration: Duration;
  readonly graph: DStreamGraph;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly inputInfoTracker = new InputInfoTracker();
  readonly listenerBus: StreamingListenerBus;
  readonly jobScheduler: JobScheduler;
  readonly jobGenerator: JobGenerator;
  private currentState: StreamingContextState = 'INITIALIZED';
  private checkpointDirectory: string | undefined;
  private checkpointDirReady: Promise<void> = Promise.resolve();
  private readonly terminationWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private reportedError: KindlingError | undefined;
  private stopping: Promise<void> | undefined;
  private removeStopHook: (() => void) | undefined;
  private readonly consoleOutput: ProgressOutput | undefined;
  private statusLine: StreamingStatusLine | undefined;
  /** When start() was called, for the "only one active context" message. */
  private startedAt: number | undefined;
  /** Set on a context recovered from a checkpoint: start() restarts instead of starting afresh. */
  restartInfo: RestartInfo | undefined;
  /** Writes the metadata checkpoints; set at start when a checkpoint directory is. */
  metadataCheckpointer: MetadataCheckpointer | undefined;

  constructor(kc: KindlingContext, batchDuration: Duration | number, options: StreamingContextOptions = {}) {
    if (kc === null || typeof kc !== 'object' || typeof (kc as { runJob?: unknown }).runJob !== 'function') {
      throw new InvalidArgumentError('StreamingContext expects a KindlingContext as its first argument');
    }
    if (kc.isStopped) throw new IllegalStateError('Cannot create a StreamingContext on a stopped KindlingContext');
    this.kindlingContext = kc;
    this.batchDuration = Duration.from(batchDuration, 'batch duration');
    if (this.batchDuration.isZero()) throw new InvalidArgumentError('The batch duration must be positive, e.g. Seconds(1)');
    this.logger = kc.logger.child({ component: 'streaming' });
    this.clock = options.clock ?? clockFromConf(kc.conf.get('kindling.streaming.clock', 'system'));
    this.consoleOutput = options.consoleOutput;
    this.graph = new DStreamGraph(this.logger);
    this.graph.batchDuration = this.batchDuration;
    this.listenerBus = new StreamingListenerBus(this.logger);
    const reportError = (error: KindlingError): void => this.reportError(error);
    this.jobScheduler = new JobScheduler({
      logger: this.logger,
      clock: this.clock,
      listenerBus: this.listenerBus,
      concurrentJobs: concurrentJobs(kc),
      onBatchCompleted: (info) => this.jobGenerator.onBatchCompletion(info.batchTime),
      stateCheckpointOf: (time) => this.graph.stateCheckpointOutcome(time),
      reportError,
    });
    this.jobGenerator = new JobGenerator({
      logger: this.logger,
      clock: this.clock,
      batchDuration: this.batchDuration.milliseconds,
      graph: this.graph,
      jobScheduler: this.jobScheduler,
      inputInfoTracker: this.inputInfoTracker,
      reportError,
    });
  }

  /**
   * The context of `checkpointDir` (Spark's getOrCreate): recovered from the newest
   * valid metadata checkpoint there, or made by `create()` when the directory has
   * none. When checkpoint files exist but none is readable, fails with "Failed to
   * read checkpoint from directory", unless `createOnError` (then `create()`). A
   * checkpoint of another application, or of another build of this bundle, is always
   * refused. Recovery uses the active KindlingContext (the one `kindling submit` made).
   */
  static async getOrCreate(
    checkpointDir: string,
    create: () => StreamingContext | Promise<StreamingContext>,
    options: GetOrCreateOptions = {},
  ): Promise<StreamingContext> {
    if (typeof checkpointDir !== 'string' || checkpointDir.trim() === '') throw new InvalidArgumentError('getOrCreate expects a checkpoint directory URI');
    if (typeof create !== 'function') throw new InvalidArgumentError('getOrCreate expects a function that creates the StreamingContext');
    const kc = options.kindlingContext ?? KindlingContext.getActive();
    const logger = kc?.logger ?? silentLogger();
    let read: CheckpointReadResult | undefined;
    try {
      read = await readCheckpointOrFail(checkpointDir.trim(), logger);
    } catch (error) {
      if (options.createOnError !== true) throw error;
      logger.warn(`${KindlingError.from(error).message}; creating a new StreamingContext instead (createOnError)`);
    }
    if (read?.checkpoint === undefined) {
      const ssc = await create();
      if (!(ssc instanceof StreamingContext)) throw new InvalidArgumentError('The function given to getOrCreate must return a StreamingContext');
      return ssc;
    }
    if (kc === undefined || kc.isStopped) {
      throw new IllegalStateError(`Cannot recover the StreamingContext of ${checkpointDir}: no active KindlingContext to run it on; create one first (kindling submit does)`);
    }
    return recoverStreamingContext(kc, read.checkpoint, read.file!, (batch) => new StreamingContext(kc, batch, options.clock === undefined ? {} : { clock: options.clock }));
  }

  /** The active context if there is one, else getOrCreate's (Spark's getActiveOrCreate). */
  static async getActiveOrCreate(checkpointDir: string, create: () => StreamingContext | Promise<StreamingContext>, options: GetOrCreateOptions = {}): Promise<StreamingContext> {
    return activeContext ?? StreamingContext.getOrCreate(checkpointDir, create, options);
  }

  /** The context started and not stopped in this process, if any (Spark's getActive). */
  static getActive(): StreamingContext | undefined {
    return activeContext;
  }

  get state(): StreamingContextState {
    return this.currentState;
  }

  get checkpointDir(): string | undefined {
    return this.checkpointDirectory;
  }

  /**
   * Enables checkpointing into `directory` (any FileSystem URI): stateful streams'
   * RDDs are checkpointed under it, and it is where a restarted driver recovers from.
   */
  checkpoint(directory: string): void {
    if (typeof directory !== 'string' || directory.trim() === '') {
      throw new InvalidArgumentError('checkpoint expects a directory URI such as file:///tmp/checkpoints or webhdfs://namenode:9870/checkpoints');
    }
    this.checkpointDirectory = directory.trim();
    this.checkpointDirReady = this.kindlingContext.setCheckpointDir(this.checkpointDirectory);
  }

  /** Every stream keeps its RDDs for at least `duration` (for queries over older batches). */
  remember(duration: Duration | number): void {
    this.assertCanAddOperation('remember');
    this.graph.rememberDuration = Duration.from(duration, 'remember duration');
  }

  addStreamingListener(listener: StreamingListener): void {
    this.listenerBus.addListener(listener);
  }

  removeStreamingListener(listener: StreamingListener): void {
    this.listenerBus.removeListener(listener);
  }

  /**
   * Starts generating batches. Throws at once, as Spark does, when the graph is
   * invalid (no output operation, a window not a multiple of the batch, a stateful
   * stream without a checkpoint directory) or another context is active.
   */
  start(): void {
    if (this.currentState === 'ACTIVE') {
      this.logger.warn('StreamingContext has already been started');
      return;
    }
    if (this.currentState === 'STOPPED') throw new IllegalStateError('StreamingContext has already been stopped; create a new one');
    if (activeContext !== undefined) {
      throw new IllegalStateError(
        `Only one StreamingContext may be started in this process. Currently running StreamingContext was started at ${new Date(activeContext.startedAt ?? 0).toISOString()}; stop it first`,
      );
    }
    if (this.kindlingContext.isStopped) throw new IllegalStateError('Cannot start a StreamingContext whose KindlingContext was stopped');
    this.validate();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the process-wide active context is this one
    activeContext = this;
    this.startedAt = Date.now();
    try {
      this.currentState = 'ACTIVE';
      if (this.checkpointDirectory !== undefined) {
        this.metadataCheckpointer = new MetadataCheckpointer(this, this.checkpointDirectory);
        this.jobGenerator.checkpointHooks = this.metadataCheckpointer;
      }
      if (this.restartInfo === undefined) this.jobGenerator.start();
      else this.jobGenerator.restart(this.restartInfo, () => this.graph.restoreCheckpointData((path) => this.kindlingContext.checkpointFile(path)));
      this.validateDescription();
    } catch (error) {
      this.jobGenerator.checkpointHooks = undefined;
      this.metadataCheckpointer = undefined;
      void this.jobGenerator.stopTimer();
      this.currentState = 'INITIALIZED';
      activeContext = undefined;
      throw error;
    }
    this.removeStopHook = this.kindlingContext.addStopHook(() => this.stop({ stopKindlingContext: false, graceful: this.kindlingContext.conf.getBoolean('kindling.streaming.stopGracefullyOnShutdown', false) }));
    this.showStatusLine();
    void this.startInputStreams();
    this.listenerBus.post('onStreamingStarted', { time: this.clock.now() });
    this.logger.info({ batchDuration: this.batchDuration.milliseconds }, `StreamingContext started (batch ${this.batchDuration.toShortString()})`);
  }

  /** While active, a status line per batch replaces the stage progress bars (console-streaming-status.ts). */
  private showStatusLine(): void {
    this.kindlingContext.pauseConsoleProgress();
    this.statusLine = StreamingStatusLine.createIfEnabled(
      this.kindlingContext.conf,
      { batchDurationMs: this.batchDuration.milliseconds, queuedBatches: () => this.jobScheduler.pendingBatchTimes.length },
      ...(this.consoleOutput === undefined ? [] : [this.consoleOutput]),
    );
    if (this.statusLine !== undefined) this.listenerBus.addListener(this.statusLine);
  }

  private hideStatusLine(): void {
    if (this.statusLine !== undefined) this.listenerBus.removeListener(this.statusLine);
    this.statusLine = undefined;
    this.kindlingContext.resumeConsoleProgress();
  }

  private validate(): void {
    if (this.graph.outputStreams.length === 0) {
      throw new InvalidArgumentError('No output operations registered, so nothing to execute; add print(), foreachRDD() or saveAsTextFiles() before start()');
    }
    if (this.checkpointDirectory !== undefined) {
      for (const stream of this.graph.allStreams()) stream.validateCheckpointable();
    }
  }

  /** With checkpointing on, the graph must describe itself as plain data: checked at start, as Spark checks serializability. */
  private validateDescription(): void {
    if (this.checkpointDirectory === undefined) return;
    try {
      describeGraph(this);
    } catch (error) {
      throw new InvalidArgumentError(`DStream checkpointing has been enabled but the DStreams with their functions are not serializable: ${KindlingError.from(error).message}`, { cause: error });
    }
  }

  private async startInputStreams(): Promise<void> {
    try {
      await this.checkpointDirReady;
      await Promise.all(this.graph.inputStreams.map((s) => s.start()));
    } catch (error) {
      this.reportError(KindlingError.from(error, 'Cannot start the input streams'));
    }
  }

  /**
   * Resolves when the context is stopped; rejects with the error of a failed batch
   * (Spark's awaitTermination rethrows it). With `timeoutMs`, gives up after that long.
   */
  awaitTermination(timeoutMs?: number): Promise<void> {
    if (timeoutMs === undefined) return this.waitForTermination();
    return this.awaitTerminationOrTimeout(timeoutMs).then(() => undefined);
  }

  /** Resolves true once stopped, false when `timeoutMs` passes first; rejects with a reported error. */
  awaitTerminationOrTimeout(timeoutMs: number): Promise<boolean> {
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new InvalidArgumentError(`awaitTerminationOrTimeout expects a non-negative timeout in ms, got ${timeoutMs}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    return Promise.race([this.waitForTermination().then(() => true), timeout]).finally(() => clearTimeout(timer));
  }

  private waitForTermination(): Promise<void> {
    if (this.reportedError !== undefined) return Promise.reject(this.reportedError);
    if (this.currentState === 'STOPPED') return Promise.resolve();
    return new Promise((resolve, reject) => this.terminationWaiters.push({ resolve, reject }));
  }

  /** A batch failed: the application sees it through awaitTermination (Spark's reportError). */
  reportError(error: KindlingError): void {
    this.reportedError ??= error;
    for (const waiter of this.terminationWaiters.splice(0)) waiter.reject(error);
  }

  /**
   * Stops generating batches and stops the input streams. `graceful` first lets every
   * batch already generated finish; otherwise running jobs are cancelled. Idempotent.
   */
  stop(options: StopOptions = {}): Promise<void> {
    this.stopping ??= this.doStop(options);
    return this.stopping;
  }

  private async doStop(options: StopOptions): Promise<void> {
    const stopKc = options.stopKindlingContext ?? this.kindlingContext.conf.getBoolean('kindling.streaming.stopKindlingContextByDefault', true);
    const wasActive = this.currentState === 'ACTIVE';
    this.removeStopHook?.();
    if (wasActive) {
      await this.jobGenerator.stopTimer();
      // Input streams first, as Spark stops its receivers first: a receiver told to
      // stop calls onStop and ends its task, rather than being killed with the jobs.
      await Promise.all(this.graph.inputStreams.map((s) => s.stop().catch((error: unknown) => this.logger.warn({ err: error }, 'an input stream failed to stop'))));
      if (options.graceful === true) {
        await this.jobGenerator.idle();
        await this.jobScheduler.whenDrained();
        await this.jobGenerator.idle();
      } else {
        this.jobScheduler.cancelQueued();
        if (!this.kindlingContext.isStopped) this.kindlingContext.cancelAllJobs('the StreamingContext was stopped');
      }
      await this.jobGenerator.stop();
      await this.graph.drainStateCheckpoints();
      await this.metadataCheckpointer?.writer.stop();
      this.hideStatusLine();
    }
    this.currentState = 'STOPPED';
    if (activeContext === this) activeContext = undefined;
    this.logger.info(`StreamingContext stopped${options.graceful === true ? ' gracefully' : ''}`);
    if (stopKc) await this.kindlingContext.stop();
    for (const waiter of this.terminationWaiters.splice(0)) waiter.resolve();
  }

  /** Refuses new operations once started (Spark's message). */
  assertCanAddOperation(what: string): void {
    if (this.currentState !== 'INITIALIZED') {
      throw new IllegalStateError(
        `Adding new inputs, transformations, and output operations after starting a context is not supported (${what} called on a ${this.currentState === 'ACTIVE' ? 'started' : 'stopped'} StreamingContext)`,
      );
    }
  }
}

function clockFromConf(name: string): Clock {
  if (name === 'system') return new SystemClock();
  if (name === 'manual') return new ManualClock();
  throw new InvalidArgumentError(`kindling.streaming.clock must be "system" or "manual", got "${name}"`);
}

function concurrentJobs(kc: KindlingContext): number {
  const n = kc.conf.getInt('kindling.streaming.concurrentJobs', 1);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`kindling.streaming.concurrentJobs must be a positive integer, got ${n}`);
  return n;
}
