/**
 * Backpressure's rate estimate (Spark's PIDRateEstimator): from each completed
 * batch's record count, processing delay and scheduling delay, the ingestion rate
 * (records/s) at which processing would keep up.
 *
 * The error is the difference between the rate last published and the rate the
 * batch was processed at; the "historical error" is the backlog the scheduling delay
 * stands for, expressed as a rate over one batch interval. The new rate is the last
 * one corrected by proportional·error + integral·historicalError + derivative·dError,
 * never below `minRate`. The first batch only calibrates (no estimate), as in Spark.
 */
import { InvalidArgumentError, type KindlingConf } from '@kindling/common';

export interface PidRateEstimatorOptions {
  readonly batchIntervalMs: number;
  /** Weight of the current error (Spark's default 1.0). */
  readonly proportional: number;
  /** Weight of the accumulated backlog (0.2). */
  readonly integral: number;
  /** Weight of the error's change (0.0). */
  readonly derivative: number;
  /** The rate is never lowered below this (100 records/s). */
  readonly minRate: number;
}

export class PidRateEstimator {
  private firstRun = true;
  private latestTime = -1;
  private latestRate = -1;
  private latestError = -1;

  constructor(private readonly options: PidRateEstimatorOptions) {
    const { batchIntervalMs, proportional, integral, derivative, minRate } = options;
    if (!(batchIntervalMs > 0)) throw new InvalidArgumentError(`Specified batch interval ${batchIntervalMs} in PIDRateEstimator is invalid.`);
    if (!(proportional >= 0)) throw new InvalidArgumentError(`Proportional term ${proportional} in PIDRateEstimator should be >= 0.`);
    if (!(integral >= 0)) throw new InvalidArgumentError(`Integral term ${integral} in PIDRateEstimator should be >= 0.`);
    if (!(derivative >= 0)) throw new InvalidArgumentError(`Derivative term ${derivative} in PIDRateEstimator should be >= 0.`);
    if (!(minRate > 0)) throw new InvalidArgumentError(`Minimum rate in PIDRateEstimator should be > 0`);
  }

  /** Spark's keys with the `kindling.` prefix: kindling.streaming.backpressure.pid.{proportional,integral,derived,minRate}. */
  static fromConf(conf: KindlingConf, batchIntervalMs: number): PidRateEstimator {
    const number = (key: string, fallback: number): number => {
      const raw = conf.get(key);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!Number.isFinite(value)) throw new InvalidArgumentError(`${key} must be a number, got "${raw}"`);
      return value;
    };
    const estimator = conf.get('kindling.streaming.backpressure.rateEstimator', 'pid');
    if (estimator !== 'pid') throw new InvalidArgumentError(`Unknown rate estimator: ${estimator} (kindling.streaming.backpressure.rateEstimator supports only "pid")`);
    return new PidRateEstimator({
      batchIntervalMs,
      proportional: number('kindling.streaming.backpressure.pid.proportional', 1.0),
      integral: number('kindling.streaming.backpressure.pid.integral', 0.2),
      derivative: number('kindling.streaming.backpressure.pid.derived', 0.0),
      minRate: number('kindling.streaming.backpressure.pid.minRate', 100),
    });
  }

  /**
   * The new rate after the batch that ended at `time` (ms) with `numElements`
   * records, or undefined when there is nothing to say (first batch, an empty batch,
   * no processing time, or a batch older than the last one seen).
   */
  compute(time: number, numElements: number, processingDelayMs: number, schedulingDelayMs: number): number | undefined {
    if (!(time > this.latestTime && numElements > 0 && processingDelayMs > 0)) return undefined;
    const { batchIntervalMs, proportional, integral, derivative, minRate } = this.options;
    const delaySinceUpdate = (time - this.latestTime) / 1000;
    const processingRate = (numElements / processingDelayMs) * 1000;
    const error = this.latestRate - processingRate;
    const historicalError = (schedulingDelayMs * processingRate) / batchIntervalMs;
    const dError = (error - this.latestError) / delaySinceUpdate;
    const newRate = Math.max(this.latestRate - proportional * error - integral * historicalError - derivative * dError, minRate);
    this.latestTime = time;
    if (this.firstRun) {
      this.latestRate = processingRate;
      this.latestError = 0;
      this.firstRun = false;
      return undefined;
    }
    this.latestRate = newRate;
    this.latestError = error;
    return newRate;
  }
}
