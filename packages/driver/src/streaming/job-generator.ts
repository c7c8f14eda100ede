/**
 * Generates a batch's jobs from the DStream graph on a recurring timer (Spark's
 * JobGenerator), as an event loop over four events:
 *
 * - GenerateJobs(t): the graph's output jobs for batch t go to the JobScheduler,
 *   then DoCheckpoint(t, false).
 * - ClearMetadata(t): posted when batch t completes; every stream forgets the RDDs
 *   older than its remember duration, then DoCheckpoint(t, true).
 * - DoCheckpoint(t, clearLater): queues the metadata checkpoint when checkpointing
 *   is on (the checkpoint hooks), written in the background; after that write,
 *   ClearCheckpointData(t) when asked.
 * - ClearCheckpointData(t): deletes RDD checkpoint data no batch needs any more.
 *
 * So, as in Spark, the metadata is checkpointed twice per batch: once when its jobs
 * are generated, once when they have completed.
 */
import { ErrorCode, KindlingError, type Logger } from '@kindling/common';
import { AsyncEventLoop } from './async-event-loop.js';
import type { Clock } from './clock.js';
import type { DStreamGraph } from './dstream-graph.js';
import type { InputInfoTracker } from './input-info-tracker.js';
import type { JobScheduler } from './job-scheduler.js';
import { RecurringTimer } from './recurring-timer.js';
import type { StreamingRestartedEvent } from './streaming-listener.js';

/** What a job generator restarted from a metadata checkpoint needs from it. */
export interface RestartInfo {
  readonly checkpointFile: string;
  readonly checkpointTime: number;
  /** The newest batch generated when the checkpoint was written (0 in a checkpoint that does not say). */
  readonly lastGeneratedTime: number;
  readonly pendingTimes: readonly number[];
  readonly zeroTime: number;
}

export type JobGeneratorEvent =
  | { readonly type: 'Restart'; readonly time: number; readonly info: RestartInfo; readonly restoreData: () => Promise<void> }
  | { readonly type: 'GenerateJobs'; readonly time: number }
  | { readonly type: 'ClearMetadata'; readonly time: number }
  | { readonly type: 'DoCheckpoint'; readonly time: number; readonly clearCheckpointDataLater: boolean }
  | { readonly type: 'ClearCheckpointData'; readonly time: number };

/** What checkpointing adds to a batch's life; absent while the context does not checkpoint. */
export interface CheckpointHooks {
  /**
   * Queue the metadata checkpoint of batch `time` (written in the background); once
   * written, the writer calls `onCheckpointCompletion(time, clearCheckpointDataLater)`.
   */
  doCheckpoint(time: number, clearCheckpointDataLater: boolean): void;
  clearCheckpointData(time: number): Promise<void>;
}

export interface JobGeneratorOptions {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly batchDuration: number;
  readonly graph: DStreamGraph;
  readonly jobScheduler: JobScheduler;
  readonly inputInfoTracker: InputInfoTracker;
  readonly reportError: (error: KindlingError) => void;
  /** Work to do at the start of each batch before its jobs are generated (receivers' block allocation). */
  readonly beforeGenerate?: (time: number) => Promise<void>;
  /** Called after a batch's metadata is cleared, with the time (receivers drop their old blocks). */
  readonly afterClearMetadata?: (time: number) => Promise<void>;
  /** Told what a restart runs again, once it knows (the UI's Checkpoints page shows it). */
  readonly onRestarted?: (event: StreamingRestartedEvent) => void;
}

export class JobGenerator extends AsyncEventLoop<JobGeneratorEvent> {
  private readonly timer: RecurringTimer;
  checkpointHooks: CheckpointHooks | undefined;
  /** The newest batch whose jobs were generated, or failed to be. */
  lastGeneratedTime: number | undefined;

  constructor(private readonly options: JobGeneratorOptions) {
    super('JobGenerator', options.logger);
    this.timer = new RecurringTimer(options.clock, options.batchDuration, (time) => this.post({ type: 'GenerateJobs', time }), 'JobGenerator');
  }

  /** First start: the first batch is the next batch boundary after now; the graph's zero time one interval before. */
  start(): number {
    const startTime = this.timer.startTimeAfter(this.options.clock.now());
    this.options.graph.start(startTime - this.options.batchDuration);
    this.timer.start(startTime);
    this.logger.info({ startTime }, `Started JobGenerator at ${startTime} ms`);
    return startTime;
  }

  /**
   * Restart from a checkpoint (Spark's JobGenerator.restart): the graph keeps its zero
   * time; the checkpointed RDDs are read back; then the batches that were pending
   * and those that fell in the down time are generated again, in time order, and the
   * timer resumes at the next batch boundary. A batch at or before the newest one
   * generated that is not pending had completed, so it is never submitted again
   * (SPARK-12122). Returns the restart time.
   */
  restart(info: RestartInfo, restoreData: () => Promise<void>): number {
    const batch = this.options.batchDuration;
    const now = this.options.clock.now();
    const restartTime = info.zeroTime + (Math.floor((now - info.zeroTime) / batch) + 1) * batch;
    this.options.graph.start(info.zeroTime);
    this.post({ type: 'Restart', time: restartTime, info, restoreData });
    return restartTime;
  }

  private async doRestart(restartTime: number, info: RestartInfo, restoreData: () => Promise<void>): Promise<void> {
    const batch = this.options.batchDuration;
    await restoreData();
    const lastDone = Math.max(info.checkpointTime, info.lastGeneratedTime);
    const downTimes: number[] = [];
    for (let t = lastDone + batch; t < restartTime; t += batch) downTimes.push(t);
    const reschedule = [...new Set([...info.pendingTimes, ...downTimes])].filter((t) => t < restartTime).sort((a, b) => a - b);
    const list = (times: readonly number[]): string => (times.length === 0 ? 'none' : times.map((t) => `${t} ms`).join(', '));
    this.logger.info({ downTimes, pendingTimes: info.pendingTimes, reschedule }, `Batches during down time (${downTimes.length} batches): ${list(downTimes)}`);
    this.logger.info(`Batches pending processing (${info.pendingTimes.length} batches): ${list(info.pendingTimes)}`);
    this.logger.info(`Batches to reschedule (${reschedule.length} batches): ${list(reschedule)}`);
    this.restartedBatches = reschedule;
    this.options.onRestarted?.({
      time: Date.now(),
      checkpointFile: info.checkpointFile,
      checkpointTime: info.checkpointTime,
      downTimeBatches: downTimes,
      pendingBatches: info.pendingTimes,
      rescheduledBatches: reschedule,
    });
    for (const time of reschedule) await this.generateJobs(time);
    this.timer.start(restartTime);
    this.logger.info({ restartTime }, `Restarted JobGenerator at ${restartTime} ms`);
  }

  /** The batches the restart generated again (for logs, the UI and the drill). */
  restartedBatches: readonly number[] = [];

  /** Stops the timer: no batch after the one being generated now. */
  async stopTimer(): Promise<void> {
    await this.timer.stop();
  }

  /** Called by the JobScheduler when all of batch `time`'s jobs have ended. */
  onBatchCompletion(time: number): void {
    this.post({ type: 'ClearMetadata', time });
  }

  protected async onReceive(event: JobGeneratorEvent): Promise<void> {
    switch (event.type) {
      case 'Restart':
        return this.doRestart(event.time, event.info, event.restoreData);
      case 'GenerateJobs':
        return this.generateJobs(event.time);
      case 'ClearMetadata':
        return this.clearMetadata(event.time);
      case 'DoCheckpoint':
        return this.doCheckpoint(event.time, event.clearCheckpointDataLater);
      case 'ClearCheckpointData':
        return this.checkpointHooks?.clearCheckpointData(event.time);
      default: {
        const unknown: never = event;
        throw new KindlingError(ErrorCode.Internal, `unknown JobGenerator event ${JSON.stringify(unknown)}`);
      }
    }
  }

  protected onError(error: unknown, event: JobGeneratorEvent): void {
    const failure = KindlingError.from(error, `JobGenerator failed to handle ${event.type} for time ${event.time} ms`);
    this.logger.error({ batchTime: event.time, err: failure }, failure.message);
    this.options.reportError(failure);
  }

  private async generateJobs(time: number): Promise<void> {
    const { graph, jobScheduler, inputInfoTracker } = this.options;
    try {
      await this.options.beforeGenerate?.(time);
      const jobs = await graph.generateJobs(time);
      jobScheduler.submitJobSet(time, jobs, inputInfoTracker.getInfo(time));
    } catch (error) {
      const failure = KindlingError.from(error, `Error generating jobs for time ${time} ms`);
      this.logger.error({ batchTime: time, err: failure }, failure.message);
      this.options.reportError(failure);
      return;
    } finally {
      this.lastGeneratedTime = time;
    }
    this.post({ type: 'DoCheckpoint', time, clearCheckpointDataLater: false });
  }

  private async clearMetadata(time: number): Promise<void> {
    const { graph, inputInfoTracker } = this.options;
    graph.clearMetadata(time);
    inputInfoTracker.cleanup(time - graph.maxInputRememberDuration());
    await this.options.afterClearMetadata?.(time);
    this.post({ type: 'DoCheckpoint', time, clearCheckpointDataLater: true });
  }

  private doCheckpoint(time: number, clearCheckpointDataLater: boolean): Promise<void> {
    this.checkpointHooks?.doCheckpoint(time, clearCheckpointDataLater);
    return Promise.resolve();
  }

  /** The checkpoint writer finished batch `time`'s checkpoint: after the second one, old checkpoint data can go. */
  onCheckpointCompletion(time: number, clearCheckpointDataLater: boolean): void {
    if (clearCheckpointDataLater) this.post({ type: 'ClearCheckpointData', time });
  }
}
