/**
 * The driver's side of receivers (Spark's ReceiverTracker and ReceivedBlockTracker):
 * launches each receiver stream's receiver as a long-running one-task job, takes the
 * blocks the receivers push (DriverService.ReportReceiver, or directly in process),
 * allocates the blocks received so far to a batch when the batch's RDD is computed,
 * relaunches a receiver whose task ended while the context runs (after
 * `kindling.streaming.receiverRestartDelay`), reports receivers to the listeners
 * (onReceiverStarted / onReceiverError / onReceiverStopped), and answers every report
 * with the receiver's command: stop, and its rate limit (maxRate, backpressure).
 *
 * Blocks live in the driver's memory from the push until their batch is forgotten
 * (clearMetadata): see docs/DECISIONS.md, "Received blocks are pushed to the driver".
 * Which block belongs to which batch is the ReceivedBlockTracker's; with the receiver
 * write-ahead log on, a push is answered only once the block is in the log.
 */
import {
  InvalidArgumentError,
  KindlingError,
  serializerFromConf,
  RUN_RECEIVER_BUILTIN,
  type KindlingConf,
  builtinRef,
  setReceiverReportHandler,
  type ReceiverCommandMessage,
  type ReceiverReportMessage,
} from '@kindling/common';
import type { ReceiverInfo } from '../streaming-listener.js';
import type { StreamingContext } from '../streaming-context.js';
import type { ReceiverInputDStream } from './receiver-input-dstream.js';
import { ReceivedBlockTracker, type ReceivedBlockInfo, type WriteAheadLogSettings } from './received-block-tracker.js';

interface ReceiverState {
  readonly stream: ReceiverInputDStream<unknown>;
  /** Which launch of the receiver task is current; reports of older ones are told to stop. */
  attempt: number;
  /** Records received since the receiver started, over every block. */
  totalReceived: number;
  info: ReceiverInfo;
  /** Backpressure's rate for this stream (records/s). */
  rateLimit: number | undefined;
  stopping: boolean;
  running: Promise<void> | undefined;
  relaunchTimer: NodeJS.Timeout | undefined;
}

const trackers = new WeakMap<StreamingContext, ReceiverTracker>();

export class ReceiverTracker {
  private readonly receivers = new Map<number, ReceiverState>();
  private readonly maxRate: number | undefined;
  private readonly restartDelayMs: number;
  private blocks: { readonly tracker: ReceivedBlockTracker; readonly recovered: Promise<void> } | undefined;

  private constructor(private readonly ssc: StreamingContext) {
    const settings = receiverSettings(ssc.kindlingContext.conf);
    this.maxRate = settings.maxRate;
    this.restartDelayMs = settings.restartDelayMs;
  }

  /** The context's tracker, made on first use. */
  static of(ssc: StreamingContext): ReceiverTracker {
    let tracker = trackers.get(ssc);
    if (tracker === undefined) {
      tracker = new ReceiverTracker(ssc);
      trackers.set(ssc, tracker);
    }
    return tracker;
  }

  /** Starts the receiver of `stream`. */
  startReceiver(stream: ReceiverInputDStream<unknown>): void {
    const streamId = stream.inputStreamId;
    if (this.receivers.size === 0) setReceiverReportHandler((message) => this.onReport(message));
    const initialRate = Number(this.ssc.kindlingContext.conf.get('kindling.streaming.backpressure.initialRate', '0'));
    const state: ReceiverState = {
      stream,
      attempt: 0,
      totalReceived: 0,
      info: receiverInfo(streamId, stream.receiverName),
      rateLimit: stream.rateController !== undefined && initialRate > 0 ? initialRate : undefined,
      stopping: false,
      running: undefined,
      relaunchTimer: undefined,
    };
    this.receivers.set(streamId, state);
    this.warnIfTooFewCores();
    this.launch(state);
  }

  /** Asks the receiver to stop and waits (at most `timeoutMs`) for its task to end. */
  async stopReceiver(streamId: number, timeoutMs = 10_000): Promise<void> {
    const state = this.receivers.get(streamId);
    if (state === undefined) return;
    state.stopping = true;
    clearTimeout(state.relaunchTimer);
    if (state.running !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([state.running, timeout]);
      clearTimeout(timer);
    }
    this.receivers.delete(streamId);
    if (this.receivers.size === 0) setReceiverReportHandler(undefined);
  }

  /**
   * The blocks of batch `time`: on the first call for a time, every block received
   * and not yet allocated (Spark's allocateBlocksToBatch, logged first with the WAL
   * on); the same blocks after that — after a restart, those the log recorded.
   */
  async blocksOfBatch(streamId: number, time: number): Promise<readonly ReceivedBlockInfo[]> {
    const { tracker, recovered } = this.blockTracker();
    await recovered;
    return tracker.allocateBlocksToBatch(streamId, time);
  }

  /** Forgets the blocks of batches at or before `time` (their RDDs are forgotten too). */
  cleanupOldBlocks(streamId: number, time: number): void {
    this.blocks?.tracker.clearOldBatches(streamId, time);
  }

  /** After the metadata checkpoint of a completed batch: the write-ahead logs drop what is older than `threshTime`. */
  async cleanupOldBatches(threshTime: number): Promise<void> {
    if (this.blocks === undefined) return;
    await this.blocks.recovered;
    await this.blocks.tracker.cleanupOldBatches(threshTime);
  }

  /** Whether received blocks go to the write-ahead log (and batches read them back from it after a restart). */
  get writeAheadLogEnabled(): boolean {
    return this.blockTracker().tracker.writeAheadLogEnabled;
  }

  /** The block tracker, made on first use; a context restarted from a checkpoint replays its metadata log first. */
  private blockTracker(): { readonly tracker: ReceivedBlockTracker; readonly recovered: Promise<void> } {
    if (this.blocks === undefined) {
      const tracker = new ReceivedBlockTracker(this.ssc.logger, () => this.ssc.clock.now(), writeAheadLogSettings(this.ssc));
      const recovered = this.ssc.restartInfo !== undefined ? tracker.recover() : Promise.resolve();
      recovered.catch(() => undefined);
      this.blocks = { tracker, recovered };
    }
    return this.blocks;
  }

  /** Backpressure's new rate for the stream's receiver, sent with its next answer. */
  setRateLimit(streamId: number, rate: number): void {
    const state = this.receivers.get(streamId);
    if (state !== undefined) state.rateLimit = rate;
  }

  /** The rate limit a receiver is told: the lower of maxRate and backpressure's rate. */
  effectiveRateLimit(streamId: number): number | undefined {
    const bp = this.receivers.get(streamId)?.rateLimit;
    if (bp === undefined) return this.maxRate;
    return this.maxRate === undefined ? bp : Math.min(bp, this.maxRate);
  }

  /** Records received and not yet allocated to a batch (tests wait on it). */
  unallocatedRecords(streamId: number): number {
    return this.blocks?.tracker.unallocatedRecords(streamId) ?? 0;
  }

  /** Records received from the stream's receiver so far. */
  receivedRecords(streamId: number): number {
    return this.receivers.get(streamId)?.totalReceived ?? 0;
  }

  /** What listeners were told about the stream's receiver most recently. */
  receiverInfo(streamId: number): ReceiverInfo | undefined {
    return this.receivers.get(streamId)?.info;
  }

  /** The host the executor registered with; undefined for one the scheduler does not know (gone already). */
  private hostOf(executorId: string): string | undefined {
    return this.ssc.kindlingContext.getExecutorInfos().find((e) => e.executorId === executorId)?.host;
  }

  private async onReport(message: ReceiverReportMessage): Promise<ReceiverCommandMessage> {
    const state = this.receivers.get(message.streamId);
    if (state === undefined) return { stop: true, rateLimit: undefined };
    const bus = this.ssc.listenerBus;
    switch (message.event) {
      case 'block':
        // Kept even from a superseded attempt: the records were received. The answer
        // (the receiver's ack) waits until the block is in the write-ahead log; if
        // that write fails, so does this call, and the receiver pushes it again.
        if (message.records !== undefined && message.records.length > 0) {
          const { tracker, recovered } = this.blockTracker();
          await recovered;
          await tracker.addBlock(message.streamId, message.records);
          state.totalReceived += message.records.length;
        }
        break;
      case 'started':
        // Spark's ReceiverInfo.location is the executor's host (the REST API's
        // executorHost); the executor id has a field of its own.
        state.info = { ...state.info, active: true, executorId: message.executorId, location: this.hostOf(message.executorId) };
        bus.post('onReceiverStarted', { receiverInfo: state.info });
        break;
      case 'error':
        state.info = { ...state.info, lastErrorMessage: message.message ?? '', lastError: message.error ?? '', lastErrorTime: Date.now() };
        // One line with the cause, as Spark logs "Restarting receiver … - java.net.ConnectException: Connection refused".
        this.ssc.logger.warn(
          { streamId: message.streamId, executorId: message.executorId },
          `Receiver of stream ${message.streamId} on executor ${message.executorId} reported an error: ${message.message ?? ''}${message.error === undefined ? '' : ` - ${message.error.split('\n')[0]}`}`,
        );
        bus.post('onReceiverError', { receiverInfo: state.info });
        break;
      case 'stopped':
        state.info = { ...state.info, active: false };
        bus.post('onReceiverStopped', { receiverInfo: state.info });
        break;
      case 'heartbeat':
        break;
      default: {
        const unknown: never = message.event;
        this.ssc.logger.warn(`unknown receiver event ${String(unknown)}`);
      }
    }
    const stop = state.stopping || message.attempt !== state.attempt;
    return { stop, rateLimit: this.effectiveRateLimit(message.streamId) };
  }

  private launch(state: ReceiverState): void {
    const kc = this.ssc.kindlingContext;
    const streamId = state.stream.inputStreamId;
    const attempt = ++state.attempt;
    const rdd = kc.parallelize([streamId], 1).setName(`Receiver ${streamId} (${state.stream.receiverName})`);
    const run = builtinRef(RUN_RECEIVER_BUILTIN, state.stream.receiverClassRef, state.stream.receiverFields, streamId, attempt);
    this.ssc.logger.info({ streamId, attempt }, `Starting receiver ${streamId} (${state.stream.receiverName})`);
    // Listed in the UI as Spark lists it (ReceiverTracker sets the job description).
    state.running = kc.runJob(rdd, run, undefined, { description: `Streaming job running receiver ${streamId}` }).then(
      () => this.ended(state, attempt, undefined),
      (error: unknown) => this.ended(state, attempt, error),
    );
  }

  /** The receiver's task ended: relaunch it after the restart delay unless the context is stopping. */
  private ended(state: ReceiverState, attempt: number, error: unknown): void {
    if (attempt !== state.attempt) return;
    const streamId = state.stream.inputStreamId;
    if (state.stopping || this.ssc.kindlingContext.isStopped || this.ssc.state !== 'ACTIVE') return;
    const failure = error === undefined ? undefined : KindlingError.from(error, `Receiver ${streamId} failed`);
    state.info = {
      ...state.info,
      active: false,
      ...(failure === undefined ? {} : { lastErrorMessage: `Receiver task ended: ${failure.message}`, lastError: failure.stack ?? failure.message, lastErrorTime: Date.now() }),
    };
    if (failure !== undefined) {
      this.ssc.logger.warn({ streamId, err: failure }, `Receiver ${streamId} task failed; relaunching in ${this.restartDelayMs} ms`);
      this.ssc.listenerBus.post('onReceiverError', { receiverInfo: state.info });
    }
    state.relaunchTimer = setTimeout(() => {
      if (!state.stopping && !this.ssc.kindlingContext.isStopped && this.ssc.state === 'ACTIVE') this.launch(state);
    }, this.restartDelayMs);
  }

  private warnIfTooFewCores(): void {
    const cores = this.ssc.kindlingContext.getExecutorInfos().reduce((sum, e) => sum + e.cores, 0);
    if (cores > 0 && cores <= this.receivers.size) {
      this.ssc.logger.warn(
        `${this.receivers.size} receiver(s) occupy ${this.receivers.size} of ${cores} task slot(s): no slot is left to process the received data (with local[N], make N larger than the number of receivers)`,
      );
    }
  }
}

/**
 * The receiver settings, checked where a receiver stream is defined so that a bad
 * value is one clear error on the driver rather than a receiver task failing on an
 * executor every restart delay.
 */
export function receiverSettings(conf: KindlingConf): { maxRate: number | undefined; restartDelayMs: number; blockIntervalMs: number } {
  const rawMaxRate = conf.get('kindling.streaming.receiver.maxRate', '0');
  const maxRate = Number(rawMaxRate);
  if (!Number.isFinite(maxRate) || maxRate < 0) {
    throw new InvalidArgumentError(`kindling.streaming.receiver.maxRate must be a number of records per second (0 for no limit), got "${rawMaxRate}"`);
  }
  const blockIntervalMs = conf.getDurationMs('kindling.streaming.blockInterval', 200);
  if (!(blockIntervalMs > 0)) throw new InvalidArgumentError(`kindling.streaming.blockInterval must be positive, e.g. 200ms, got ${blockIntervalMs} ms`);
  const restartDelayMs = conf.getDurationMs('kindling.streaming.receiverRestartDelay', 2_000);
  if (!(restartDelayMs >= 0)) throw new InvalidArgumentError(`kindling.streaming.receiverRestartDelay must not be negative, got ${restartDelayMs} ms`);
  return { maxRate: maxRate > 0 ? maxRate : undefined, restartDelayMs, blockIntervalMs };
}

/**
 * The write-ahead log's settings when `kindling.streaming.receiver.writeAheadLog.enable`
 * is set; StreamingContext.start() has refused the key without a checkpoint directory.
 */
function writeAheadLogSettings(ssc: StreamingContext): WriteAheadLogSettings | undefined {
  const conf = ssc.kindlingContext.conf;
  const checkpointDir = ssc.checkpointDir;
  if (!conf.getBoolean('kindling.streaming.receiver.writeAheadLog.enable', false) || checkpointDir === undefined) return undefined;
  return {
    checkpointDir,
    receiverRollingIntervalMs: conf.getInt('kindling.streaming.receiver.writeAheadLog.rollingIntervalSecs', 60) * 1000,
    driverRollingIntervalMs: conf.getInt('kindling.streaming.driver.writeAheadLog.rollingIntervalSecs', 60) * 1000,
    serializer: serializerFromConf(conf),
  };
}

function receiverInfo(streamId: number, name: string): ReceiverInfo {
  return { streamId, name, active: false, location: undefined, executorId: undefined, lastErrorMessage: undefined, lastError: undefined, lastErrorTime: undefined };
}
