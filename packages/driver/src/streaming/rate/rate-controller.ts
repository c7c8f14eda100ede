/**
 * Backpressure for one input stream (Spark's RateController): a StreamingListener
 * that feeds each completed batch's figures for that stream to the rate estimator
 * and publishes the new rate limit (records/s) — to the rate source, which
 * generates fewer rows per batch, or to the stream's receivers, which store fewer
 * records per second. Only with `kindling.streaming.backpressure.enabled`.
 */
import type { KindlingConf } from '@kindling/common';
import type { StreamingListener } from '../streaming-listener.js';
import type { BatchInfo } from '../batch-info.js';
import { PidRateEstimator } from './pid-rate-estimator.js';

export class RateController implements StreamingListener {
  private rate: number | undefined;

  constructor(
    readonly inputStreamId: number,
    private readonly estimator: PidRateEstimator,
    private readonly publish: (rate: number) => void,
  ) {}

  /** The controller of a stream when backpressure is enabled; undefined otherwise. */
  static forStream(conf: KindlingConf, inputStreamId: number, batchIntervalMs: number, publish: (rate: number) => void): RateController | undefined {
    if (!conf.getBoolean('kindling.streaming.backpressure.enabled', false)) return undefined;
    return new RateController(inputStreamId, PidRateEstimator.fromConf(conf, batchIntervalMs), publish);
  }

  /** The latest rate published (records/s), undefined before the first estimate. */
  get latestRate(): number | undefined {
    return this.rate;
  }

  onBatchCompleted(event: { readonly batchInfo: BatchInfo }): void {
    const { streamIdToInputInfo, processingEndTime, processingDelay, schedulingDelay } = event.batchInfo;
    const elements = streamIdToInputInfo.get(this.inputStreamId)?.numRecords;
    if (elements === undefined || processingEndTime === undefined || processingDelay === undefined || schedulingDelay === undefined) return;
    const rate = this.estimator.compute(processingEndTime, elements, processingDelay, schedulingDelay);
    if (rate === undefined) return;
    this.rate = rate;
    this.publish(rate);
  }
}
