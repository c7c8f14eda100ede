/**
 * Runs the jobs the JobGenerator makes (Spark's JobScheduler): a batch's output jobs
 * in registration order, and batches one after another, at most
 * `kindling.streaming.concurrentJobs` jobs at a time (default 1, as Spark: with more,
 * a later batch's job may run before an earlier batch has finished). Tracks each
 * batch's times and outcome, posts the listener events, and tells the generator
 * when a batch has completed so it can clear its metadata and checkpoint.
 *
 * An output job that fails because something it needs cannot be reached (storage
 * down) is run again with backoff for up to `unavailableRetryTimeoutMs`
 * (unavailable-retry.ts): the batch, and the batches behind it, are delayed, not
 * lost. Running an output job again is safe: saveAsTextFiles commits by rename and
 * an RDD checkpoint is only complete with its `_metadata`.
 */
import { KindlingError, type Logger } from '@kindling/common';
import { STREAMING_BATCH_TIME_PROPERTY, STREAMING_OUTPUT_OP_ID_PROPERTY } from '../scheduler/local-properties.js';
import { batchInfo, type BatchCheckpointInfo, type BatchInfo, type OutputOperationInfo } from './batch-info.js';
import type { Clock } from './clock.js';
import type { StreamInputInfo } from './input-info-tracker.js';
import type { StreamingJob } from './output-dstream.js';
import type { StreamingListenerBus } from './streaming-listener.js';
import { defaultUnavailableRetryTimeoutMs, isUnavailable, sleep, UnavailableRetry } from './unavailable-retry.js';

interface JobSet {
  readonly time: number;
  readonly jobs: readonly StreamingJob[];
  readonly inputInfos: ReadonlyMap<number, StreamInputInfo>;
  readonly submissionTime: number;
  processingStartTime: number | undefined;
  processingEndTime: number | undefined;
  readonly outputInfos: Map<number, OutputOperationInfo>;
  remaining: number;
}

export interface JobSchedulerOptions {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly listenerBus: StreamingListenerBus;
  readonly concurrentJobs: number;
  /** Called once per batch, after its last job ended (failed or not). */
  readonly onBatchCompleted: (info: BatchInfo) => void;
  /** What the batch's state checkpoint wrote, once written (undefined: the batch writes none); its completion event waits for it. */
  readonly stateCheckpointOf?: (time: number) => Promise<BatchCheckpointInfo | undefined> | undefined;
  /** An output job failed: surfaced by `awaitTermination` (Spark's reportError). */
  readonly reportError: (error: KindlingError) => void;
  /** How long a job failing with UNAVAILABLE is run again (default unavailable-retry.ts's). */
  readonly unavailableRetryTimeoutMs?: number;
  /** The KindlingContext's withLocalProperty: tags an output operation's jobs with its batch and id (Spark's JobHandler). */
  readonly withLocalProperty: <T>(key: string, value: string, fn: () => T) => T;
}

export class JobScheduler {
  private readonly jobSets = new Map<number, JobSet>();
  private readonly queue: Array<{ jobSet: JobSet; job: StreamingJob }> = [];
  private running = 0;
  private readonly drained: Array<() => void> = [];
  /** Set when queued jobs are dropped (a stop that is not graceful): no job is retried after it. */
  private cancelled = false;

  constructor(private readonly options: JobSchedulerOptions) {}

  /** Batches submitted and not yet completed. */
  get pendingBatchTimes(): number[] {
    return [...this.jobSets.keys()].sort((a, b) => a - b);
  }

  /** Jobs waiting to start, over every batch. */
  get queuedJobs(): number {
    return this.queue.length;
  }

  submitJobSet(time: number, jobs: readonly StreamingJob[], inputInfos: ReadonlyMap<number, StreamInputInfo>): void {
    const { logger, clock, listenerBus } = this.options;
    const jobSet: JobSet = {
      time,
      jobs,
      inputInfos,
      submissionTime: clock.now(),
      processingStartTime: undefined,
      processingEndTime: undefined,
      outputInfos: new Map(jobs.map((job) => [job.outputOpId, outputInfo(time, job)])),
      remaining: jobs.length,
    };
    if (jobs.length === 0) {
      // As Spark: a batch without jobs (a window between two slides) is not shown as
      // a batch, but its metadata is still cleared.
      logger.debug({ batchTime: time }, `No jobs added for time ${time} ms`);
      this.options.onBatchCompleted(this.info(jobSet));
      return;
    }
    this.jobSets.set(time, jobSet);
    if (this.cancelled) {
      // Generated while the stop was on its way (the timer had fired): not run, and
      // kept pending, so that the checkpoint names it and a restart runs it, like the
      // batches whose queued jobs were dropped.
      logger.debug({ batchTime: time }, `Not running the jobs of batch ${time} ms: the StreamingContext is stopping`);
      return;
    }
    listenerBus.post('onBatchSubmitted', { batchInfo: this.info(jobSet) });
    logger.info({ batchTime: time }, `Added jobs for time ${time} ms`);
    for (const job of jobs) this.queue.push({ jobSet, job });
    this.pump();
  }

  /** Resolves when every submitted batch has completed (graceful stop). */
  whenDrained(): Promise<void> {
    if (this.jobSets.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /**
   * Drops the jobs that have not started (a stop that does not wait for them); jobs
   * already running are cancelled by the caller, and a batch that does not finish is
   * left pending rather than completed.
   */
  cancelQueued(): number {
    this.cancelled = true;
    const dropped = this.queue.length;
    this.queue.length = 0;
    return dropped;
  }

  private pump(): void {
    while (this.running < this.options.concurrentJobs && this.queue.length > 0) {
      const { jobSet, job } = this.queue.shift()!;
      this.running++;
      void this.runJob(jobSet, job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async runJob(jobSet: JobSet, job: StreamingJob): Promise<void> {
    const { clock, listenerBus, logger } = this.options;
    const startTime = clock.now();
    if (jobSet.processingStartTime === undefined) {
      jobSet.processingStartTime = startTime;
      listenerBus.post('onBatchStarted', { batchInfo: this.info(jobSet) });
    }
    const started = { ...jobSet.outputInfos.get(job.outputOpId)!, startTime };
    jobSet.outputInfos.set(job.outputOpId, started);
    listenerBus.post('onOutputOperationStarted', { outputOperationInfo: started });
    let failureReason: string | undefined;
    let retry: UnavailableRetry | undefined;
    for (;;) {
      try {
        await this.runTagged(job);
        break;
      } catch (error) {
        const failure = KindlingError.from(error, `Output operation ${job.name} of batch ${job.time} ms failed`);
        if (isUnavailable(error) && !this.cancelled) {
          retry ??= new UnavailableRetry(this.options.unavailableRetryTimeoutMs ?? defaultUnavailableRetryTimeoutMs);
          const backoffMs = retry.nextBackoffMs();
          if (backoffMs !== undefined) {
            logger.warn(
              { batchTime: job.time, backoffMs, elapsedMs: retry.elapsedMs },
              `Job ${job.name} of batch ${job.time} ms could not reach what it needs; running it again in ${backoffMs} ms (unreachable for ${Math.round(retry.elapsedMs / 1000)} s of ${Math.round(retry.timeoutMs / 1000)} s): ${failure.message}`,
            );
            await sleep(backoffMs);
            continue;
          }
        }
        failureReason = failure.message;
        if (this.cancelled) {
          // Killed by a stop that did not wait for it (not graceful, or its timeout):
          // not an error of the application, and the batch did not complete. Left
          // pending, the metadata checkpoint keeps naming it, and a restart runs it again.
          logger.warn({ batchTime: job.time }, `Job ${job.name} of batch ${job.time} ms did not finish before the stop; the batch is not marked completed, and a restart from the checkpoint runs it again`);
          jobSet.outputInfos.set(job.outputOpId, { ...started, endTime: clock.now(), failureReason });
          return;
        }
        logger.error({ batchTime: job.time, err: failure }, `Error running job ${job.name} of batch ${job.time} ms: ${failure.message}`);
        this.options.reportError(failure);
        break;
      }
    }
    const ended = { ...started, endTime: clock.now(), failureReason };
    jobSet.outputInfos.set(job.outputOpId, ended);
    listenerBus.post('onOutputOperationCompleted', { outputOperationInfo: ended });
    if (--jobSet.remaining === 0) this.completeBatch(jobSet);
  }

  /**
   * Runs an output job with its batch time and output operation id as local
   * properties, as Spark's JobHandler does: every job it submits carries them, and
   * the UI lists those jobs under the output operation.
   */
  private runTagged(job: StreamingJob): Promise<void> {
    const tag = this.options.withLocalProperty;
    return tag(STREAMING_BATCH_TIME_PROPERTY, String(job.time), () => tag(STREAMING_OUTPUT_OP_ID_PROPERTY, String(job.outputOpId), () => job.run()));
  }

  private completeBatch(jobSet: JobSet): void {
    jobSet.processingEndTime = this.options.clock.now();
    this.jobSets.delete(jobSet.time);
    const info = this.info(jobSet);
    // Every figure of the batch (Spark's BatchInfo) as fields, so a log is enough to
    // see whether a stream keeps up; the message says it as Spark's JobScheduler does.
    this.options.logger.info(
      {
        batchTime: jobSet.time,
        numRecords: info.numRecords,
        submissionTime: info.submissionTime,
        processingStartTime: info.processingStartTime,
        processingEndTime: info.processingEndTime,
        schedulingDelay: info.schedulingDelay,
        processingDelay: info.processingDelay,
        totalDelay: info.totalDelay,
      },
      `Finished jobs for time ${jobSet.time} ms: ${info.numRecords} records, total delay ${((info.totalDelay ?? 0) / 1000).toFixed(3)} s, execution ${((info.processingDelay ?? 0) / 1000).toFixed(3)} s`,
    );
    const checkpoint = this.options.stateCheckpointOf?.(jobSet.time);
    this.options.onBatchCompleted(info);
    if (checkpoint === undefined) {
      this.options.listenerBus.post('onBatchCompleted', { batchInfo: info });
    } else {
      // The state is written in the background after the batch: listeners hear of the
      // batch once they can also hear what its checkpoint cost.
      void checkpoint.then((cp) => this.options.listenerBus.post('onBatchCompleted', { batchInfo: cp === undefined ? info : { ...info, checkpoint: cp } }));
    }
    if (this.jobSets.size === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  private info(jobSet: JobSet): BatchInfo {
    return batchInfo({
      batchTime: jobSet.time,
      streamIdToInputInfo: jobSet.inputInfos,
      submissionTime: jobSet.submissionTime,
      processingStartTime: jobSet.processingStartTime,
      processingEndTime: jobSet.processingEndTime,
      outputOperationInfos: new Map(jobSet.outputInfos),
    });
  }
}

function outputInfo(batchTime: number, job: StreamingJob): OutputOperationInfo {
  return { batchTime, id: job.outputOpId, name: job.name, description: job.name, startTime: undefined, endTime: undefined, failureReason: undefined };
}
