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
import { driverStartup } from '../util/driver-startup.js';
import type { ProgressOutput } from '../progress/console-progress-bar.js';
import { StreamingStatusLine } from '../progress/console-streaming-status.js';
import { ManualClock, SystemClock, type Clock } from './clock.js';
import { describeGraph } from './checkpoint/checkpoint-builder.js';
import { readCheckpointOrFail, type CheckpointReadResult } from './checkpoint/checkpoint-reader.js';
import { recoverStreamingContext } from './checkpoint/streaming-recovery.js';
import { MetadataCheckpointer } from './checkpoint/metadata-checkpointer.js';
import { restoreSharedVariables } from './checkpoint/shared-variables-checkpoint.js';
import { writeFinalStateCheckpoints } from './checkpoint/final-state-checkpoint.js';
import { DStreamGraph } from './dstream-graph.js';
import { Duration } from './duration.js';
import { InputInfoTracker } from './input-info-tracker.js';
import { JobGenerator, type RestartInfo } from './job-generator.js';
import { JobScheduler } from './job-scheduler.js';
import { StreamingListenerBus, type StreamingListener } from './streaming-listener.js';
import { defaultUnavailableRetryTimeoutMs, unavailableRetryTimeoutKey } from './unavailable-retry.js';
import { printStreamingNotice } from '../progress/console-streaming-notices.js';
import { upgradeStreamingContext } from './upgrade/streaming-upgrade.js';
import type { UpgradeReport } from './upgrade/upgrade-report.js';

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
  /**
   * Restart a checkpoint written by other code (another build of the bundle): build
   * the graph with `create`, re-attach the state and source positions of the operators
   * that match by uid, print the upgrade report (docs/DESIGN.md §11). Default
   * `kindling.streaming.upgrade` (set by `kindling submit --upgrade`).
   */
  readonly upgrade?: boolean;
  /** Let an upgrade drop the state of operators the new code no longer has (default `kindling.streaming.upgrade.allowDroppedState`). */
  readonly allowDroppedState?: boolean;
  /** Receives the upgrade report instead of the log and stderr. */
  readonly onUpgradeReport?: (report: UpgradeReport, text: string) => void;
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
  /** What the input streams wait for besides the checkpoint directory: the zero time's checkpoint, when there is one. */
  private zeroTimeCheckpointed: Promise<void> = Promise.resolve();
  private readonly terminationWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private reportedError: KindlingError | undefined;
  private stopping: Promise<void> | undefined;
  private removeStopHook: (() => void) | undefined;
  /** Stops feeding the UI this context's events. */
  private readonly detachUi: (() => void) | undefined;
  private readonly consoleOutput: ProgressOutput | undefined;
  private statusLine: StreamingStatusLine | undefined;
  /** When start() was called, for the "only one active context" message. */
  private startedAt: number | undefined;
  private firstBatchSeen = false;
  /** Set on a context recovered from a checkpoint: start() restarts instead of starting afresh. */
  restartInfo: RestartInfo | undefined;
  /** Set on a context upgraded from another bundle's checkpoint: what was kept, added and dropped. */
  upgradeReport: UpgradeReport | undefined;
  /** Writes the metadata checkpoints; set at start when a checkpoint directory is. */
  metadataCheckpointer: MetadataCheckpointer | undefined;
  /** The newest batch whose jobs have all ended: a graceful stop checkpoints it once more, its state written. */
  private lastCompletedBatchTime: number | undefined;
  /** Set while a graceful stop waits: ends the wait (forceStop). */
  private forceStopRequested: (() => void) | undefined;

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
      unavailableRetryTimeoutMs: kc.conf.getDurationMs(unavailableRetryTimeoutKey, defaultUnavailableRetryTimeoutMs),
      withLocalProperty: (key, value, fn) => kc.withLocalProperty(key, value, fn),
      onBatchCompleted: (info) => {
        // Synchronously, before the next batch's jobs start: see shared-variables-checkpoint.ts.
        this.metadataCheckpointer?.sharedVariables.batchCompleted();
        this.jobGenerator.onBatchCompletion(info.batchTime);
        this.lastCompletedBatchTime = Math.max(this.lastCompletedBatchTime ?? -Infinity, info.batchTime);
        this.firstBatchCompleted(info.batchTime);
      },
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
      onRestarted: (event) => this.listenerBus.post('onStreamingRestarted', event),
    });
    this.detachUi = kc.ui?.attachStreaming(this.listenerBus, { batchDurationMs: this.batchDuration.milliseconds, checkpointDir: () => this.checkpointDirectory });
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
      driverStartup.mark('checkpoint-read', logger);
    } catch (error) {
      if (options.createOnError !== true) throw error;
      logger.warn(`${KindlingError.from(error).message}; creating a new StreamingContext instead (createOnError)`);
    }
    const createContext = async (): Promise<StreamingContext> => {
      const ssc = await create();
      if (!(ssc instanceof StreamingContext)) throw new InvalidArgumentError('The function given to getOrCreate must return a StreamingContext');
      return ssc;
    };
    if (read?.checkpoint === undefined) return createContext();
    if (kc === undefined || kc.isStopped) {
      throw new IllegalStateError(`Cannot recover the StreamingContext of ${checkpointDir}: no active KindlingContext to run it on; create one first (kindling submit does)`);
    }
    if (options.upgrade ?? kc.conf.getBoolean('kindling.streaming.upgrade', false)) {
      return upgradeStreamingContext(kc, read.checkpoint, read.file!, checkpointDir.trim(), createContext, {
        allowDroppedState: options.allowDroppedState ?? kc.conf.getBoolean('kindling.streaming.upgrade.allowDroppedState', false),
        publish:
          options.onUpgradeReport ??
          ((_report, text) => {
            for (const line of text.split('\n')) kc.logger.info(line);
            printStreamingNotice(kc.conf, text);
          }),
      });
    }
    const recovered = recoverStreamingContext(kc, read.checkpoint, read.file!, (batch) => new StreamingContext(kc, batch, options.clock === undefined ? {} : { clock: options.clock }));
    // Before anything runs: the recovered functions' handles name these by id.
    await restoreSharedVariables(kc, read.checkpoint, read.file!);
    driverStartup.mark('graph-restore', logger);
    return recovered;
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
    this.warnUnnamedState();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the process-wide active context is this one
    activeContext = this;
    this.startedAt = Date.now();
    try {
      this.currentState = 'ACTIVE';
      if (this.checkpointDirectory !== undefined) {
        this.metadataCheckpointer = new MetadataCheckpointer(this, this.checkpointDirectory, (result) =>
          this.listenerBus.post('onMetadataCheckpointWritten', { checkpointTime: result.checkpointTime, file: result.file, bytes: result.bytes, durationMs: result.durationMs, time: Date.now() }),
        );
        this.jobGenerator.checkpointHooks = this.metadataCheckpointer;
      }
      if (this.restartInfo === undefined) this.jobGenerator.start();
      else this.jobGenerator.restart(this.restartInfo, () => this.graph.restoreCheckpointData((path) => this.kindlingContext.checkpointFile(path)));
      this.validateDescription();
      // A receiver that writes ahead is acknowledged once its block is in the log, and
      // only a restart from a metadata checkpoint replays the log. The first one used
      // to be the first batch's: a driver killed before it left acknowledged blocks
      // that its successor, finding no checkpoint, started afresh without (the
      // driver-kill test's flake). So the receivers of a new context start only once
      // the zero time is checkpointed; a restart from it reschedules every batch since.
      if (this.restartInfo === undefined && this.receiversWriteAhead()) {
        this.zeroTimeCheckpointed = this.metadataCheckpointer!.checkpointZeroTime();
      }
    } catch (error) {
      this.jobGenerator.checkpointHooks = undefined;
      this.metadataCheckpointer?.sharedVariables.stop();
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

  /**
   * The driver runs (the supervisor may now prepare a standby, supervisor.ts). After a
   * restart, logs where the recovery's time went: this process's start phases up to
   * the first completed batch (util/driver-startup.ts; the drill reads this line).
   */
  private firstBatchCompleted(batchTime: number): void {
    if (this.firstBatchSeen) return;
    this.firstBatchSeen = true;
    if (this.restartInfo !== undefined) {
      driverStartup.mark('first-batch', this.logger);
      const totalMs = Math.round(Date.now() - driverStartup.startEpochMs);
      const start = driverStartup.start;
      this.logger.info(
        { batchTime, totalMs, phases: driverStartup.phases, startEpochMs: Math.round(driverStartup.startEpochMs), start },
        `Recovered: batch ${batchTime} ms completed ${totalMs} ms after this driver started (${start === 'cold' ? 'a new process' : `a standby, ${start}`}: ${driverStartup.describe()})`,
      );
    }
    driverStartup.markRunning();
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

  /** `kindling.streaming.receiver.writeAheadLog.enable`. */
  private receiversWriteAhead(): boolean {
    return this.kindlingContext.conf.getBoolean('kindling.streaming.receiver.writeAheadLog.enable', false);
  }

  private validate(): void {
    if (this.graph.outputStreams.length === 0) {
      throw new InvalidArgumentError('No output operations registered, so nothing to execute; add print(), foreachRDD() or saveAsTextFiles() before start()');
    }
    if (this.checkpointDirectory !== undefined) {
      for (const stream of this.graph.allStreams()) stream.validateCheckpointable();
    }
    // Spark's ReceivedBlockTracker refuses the same, when the context starts.
    if (this.checkpointDirectory === undefined && this.receiversWriteAhead()) {
      throw new InvalidArgumentError(
        'Cannot enable receiver write-ahead log without checkpoint directory set. Please use streamingContext.checkpoint() to set the checkpoint directory. See documentation for more details.',
      );
    }
  }

  /**
   * One line per stateful operator without an explicit uid: an upgrade finds its
   * state by the uid derived from its position in the graph, which adding or
   * removing an operator before it changes (Flink's advice to set uids, as a warning).
   */
  private warnUnnamedState(): void {
    if (this.checkpointDirectory === undefined) return;
    for (const stream of this.graph.allStreams()) {
      if (stream.declaredStateVersion === 0 || stream.hasExplicitUid) continue;
      const line = `${stream.scope} operator ${stream.uid} keeps state but has no explicit uid: an upgrade (--upgrade) finds its state by this uid, derived from its position in the graph, which adding or removing operators changes; give it one with .name('<uid>') on the stream ${stream.scope} returns`;
      this.logger.warn(line);
      printStreamingNotice(this.kindlingContext.conf, `kindling: warning: ${line}`);
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
      await this.zeroTimeCheckpointed;
      // Stopped meanwhile: a receiver launched now would outlive the context.
      if (this.stopping !== undefined) return;
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
    let finished = false;
    // The final state checkpoint counts against the graceful stop's timeout too.
    const gracefulDeadline = Date.now() + this.gracefulStopTimeoutMs();
    if (wasActive) {
      finished = options.graceful === true && (await this.stopGracefully());
      if (!finished) {
        // The queued batches are dropped before the input streams stop: stopping a
        // receiver takes a while (it ends its task on an executor), and the queue
        // must not go on starting batches meanwhile, which the stop would only
        // cancel (or, before the KindlingContext accepted jobs until its stop hooks
        // return, fail with one "Cannot call runJob" error each). The running jobs
        // are cancelled after the input streams stopped: a receiver's own job is
        // among them, and a receiver told to stop ends its task rather than being
        // killed. The KindlingContext may itself be stopping (this is its stop
        // hook): its scheduler still runs until the hook returns, and takes the
        // cancellation.
        const dropped = this.jobScheduler.cancelQueued();
        if (dropped > 0) this.logger.info(`Dropped ${dropped} queued output job(s) of batches that stay pending in the checkpoint; a restart runs them again`);
        if (options.graceful !== true) {
          await this.jobGenerator.stopTimer();
          await this.stopInputStreams();
        }
        this.kindlingContext.cancelAllJobs('the StreamingContext was stopped');
      }
      await this.jobGenerator.stop();
      await this.graph.drainStateCheckpoints();
      if (finished && this.lastCompletedBatchTime !== undefined && this.metadataCheckpointer !== undefined) {
        await writeFinalStateCheckpoints(this.graph, this.lastCompletedBatchTime, gracefulDeadline, this.logger);
      }
      // A last metadata checkpoint once every batch has ended and its state is
      // written: the checkpoint of the last batch was encoded before its state
      // checkpoint completed, so without this one a restart recomputed that state.
      if (finished && this.lastCompletedBatchTime !== undefined) this.metadataCheckpointer?.doCheckpoint(this.lastCompletedBatchTime, false);
      await this.metadataCheckpointer?.writer.stop();
      await this.metadataCheckpointer?.sharedVariables.cleaned();
      this.metadataCheckpointer?.sharedVariables.stop();
      this.hideStatusLine();
    }
    this.currentState = 'STOPPED';
    if (activeContext === this) activeContext = undefined;
    if (wasActive) this.listenerBus.post('onStreamingStopped', { time: Date.now() });
    this.detachUi?.();
    this.logger.info(`StreamingContext stopped${finished ? ' gracefully' : ''}`);
    if (stopKc) await this.kindlingContext.stop();
    for (const waiter of this.terminationWaiters.splice(0)) waiter.resolve();
  }

  /**
   * Spark's graceful stop (JobGenerator.stop with processReceivedData): the input
   * streams stop first (a receiver hands over what it holds), batches go on being
   * generated until every record received is in one, then the timer stops and the
   * generated batches run to their end. Bounded by kindling.streaming.gracefulStopTimeout
   * (default ten batch intervals, as Spark's) and cut short by forceStop(). False
   * when it did not finish: the caller then cancels what runs, and the batches that
   * did not end stay pending in the checkpoint, to run again after a restart.
   */
  private async stopGracefully(): Promise<boolean> {
    const batchMs = this.batchDuration.milliseconds;
    const timeoutMs = this.gracefulStopTimeoutMs();
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    const cut = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`it did not finish within kindling.streaming.gracefulStopTimeout (${timeoutMs} ms)`), timeoutMs);
      this.forceStopRequested = (): void => resolve('a forced stop was requested');
    });
    const within = <T>(work: Promise<T>): Promise<{ done: true } | { done: false; why: string }> =>
      Promise.race([work.then(() => ({ done: true as const })), cut.then((why) => ({ done: false as const, why }))]);
    try {
      const received = within(
        (async () => {
          await this.stopInputStreams();
          // A manual clock generates no batch by itself: waiting would only time out.
          if (this.clock instanceof ManualClock) return;
          // Ends with the stop, cut short or not: a poll left running would keep the process alive.
          while (!over && this.graph.inputStreams.some((s) => s.receivedRecordsPending() > 0)) await new Promise((resolve) => setTimeout(resolve, Math.min(100, batchMs)));
        })(),
      );
      let outcome = await received;
      await this.jobGenerator.stopTimer();
      if (outcome.done) {
        outcome = await within(
          (async () => {
            await this.jobGenerator.idle();
            await this.jobScheduler.whenDrained();
            await this.jobGenerator.idle();
          })(),
        );
      }
      if (!outcome.done) {
        const pending = this.jobScheduler.pendingBatchTimes;
        this.logger.warn(
          { pendingBatches: pending },
          `Stopping the StreamingContext without waiting any longer: ${outcome.why}. Batches ${pending.length === 0 ? 'none' : pending.map((t) => `${t} ms`).join(', ')} did not finish: they are not marked completed, and a restart from the checkpoint runs them again`,
        );
      }
      return outcome.done;
    } finally {
      over = true;
      clearTimeout(timer);
      this.forceStopRequested = undefined;
    }
  }

  /** kindling.streaming.gracefulStopTimeout: ten batch intervals by default, Spark's rule. */
  private gracefulStopTimeoutMs(): number {
    return this.kindlingContext.conf.getDurationMs('kindling.streaming.gracefulStopTimeout', 10 * this.batchDuration.milliseconds);
  }

  /**
   * Cuts a graceful stop in progress short, for an application that cannot wait any
   * longer (`kindling submit` itself exits at once on a second signal): running
   * batches are cancelled and stay pending in the checkpoint. Nothing to do when no
   * graceful stop is running.
   */
  forceStop(): void {
    this.forceStopRequested?.();
  }

  /** Input streams stop before the jobs, as Spark stops its receivers first: a receiver told to stop calls onStop and ends its task, rather than being killed with the jobs. */
  private async stopInputStreams(): Promise<void> {
    await Promise.all(this.graph.inputStreams.map((s) => s.stop().catch((error: unknown) => this.logger.warn({ err: error }, 'an input stream failed to stop'))));
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
