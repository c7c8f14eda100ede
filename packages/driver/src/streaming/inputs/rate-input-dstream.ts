/**
 * A stream of numbered records at a steady rate (Spark's rate source, as a DStream):
 * `{ value, timestamp }` with `value` consecutive from 0. Without backpressure, batch
 * t covers the values [⌊r·(t−1−z)⌋, ⌊r·(t−z)⌋) where r is rowsPerSecond per ms and z
 * the zero time — a pure function of the batch time, so a batch recomputed or
 * replayed after a driver restart yields the same records. The records are generated
 * by the tasks (RateRDD); only the range travels.
 *
 * With `kindling.streaming.backpressure.enabled`, the rate controller may lower the
 * rows of later batches; each batch then starts where the previous one ended, and
 * the range of every batch is recorded (`rangeOf(time)`, and the batch's input
 * metadata `offsets`) so a replay uses the recorded range rather than the time.
 */
import { InvalidArgumentError, RateRDD, type RateRange, type RateRecord, type RDD } from '@kindling/common';
import { registerDStreamKind } from '../dstream-registry.js';
import { InputDStream } from '../input-dstream.js';
import { RateController } from '../rate/rate-controller.js';
import type { StreamingContext } from '../streaming-context.js';

export interface RateStreamOptions {
  /** Records per second (may be fractional; at least one record must fit in some batch). */
  readonly rowsPerSecond: number;
  /** Partitions of each batch's RDD (default: the context's default parallelism). */
  readonly numPartitions?: number;
}

export class RateInputDStream extends InputDStream<RateRecord> {
  readonly kind = 'RateInputDStream';
  readonly rowsPerSecond: number;
  readonly numPartitions: number;
  /** The range each remembered batch covered (input-source positions, for replay and recovery). */
  private readonly batchTimeToRange = new Map<number, RateRange>();
  /** Where the next batch starts when backpressure decides the batch sizes. */
  private nextOffset = 0;
  private rateLimit: number | undefined;
  readonly rateController: RateController | undefined;

  constructor(ssc: StreamingContext, options: RateStreamOptions) {
    super(ssc, 'rateStream');
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('rateStream expects options { rowsPerSecond, numPartitions? }');
    const { rowsPerSecond, numPartitions = ssc.kindlingContext.defaultParallelism } = options;
    if (typeof rowsPerSecond !== 'number' || !Number.isFinite(rowsPerSecond) || rowsPerSecond <= 0) {
      throw new InvalidArgumentError(`rateStream: rowsPerSecond must be a positive number, got ${String(rowsPerSecond)}`);
    }
    if (!Number.isInteger(numPartitions) || numPartitions < 1) {
      throw new InvalidArgumentError(`rateStream: numPartitions must be a positive integer, got ${String(numPartitions)}`);
    }
    this.rowsPerSecond = rowsPerSecond;
    this.numPartitions = numPartitions;
    this.rateController = RateController.forStream(ssc.kindlingContext.conf, this.inputStreamId, ssc.batchDuration.milliseconds, (rate) => {
      this.rateLimit = rate;
      ssc.logger.info({ inputStreamId: this.inputStreamId, rate: Math.round(rate) }, `rateStream ${this.inputStreamId}: backpressure sets the rate to ${Math.round(rate)} rows/s`);
    });
  }

  override start(): Promise<void> {
    if (this.rateController !== undefined) this.ssc.addStreamingListener(this.rateController);
    return Promise.resolve();
  }

  override stop(): Promise<void> {
    if (this.rateController !== undefined) this.ssc.removeStreamingListener(this.rateController);
    return Promise.resolve();
  }

  /** The rows per second in force now: rowsPerSecond, or less under backpressure. */
  get currentRate(): number {
    return Math.min(this.rowsPerSecond, this.rateLimit ?? Infinity);
  }

  /** The offsets batch `time` covered, while it is remembered. */
  rangeOf(time: number): RateRange | undefined {
    return this.batchTimeToRange.get(time);
  }

  compute(time: number): Promise<RDD<RateRecord> | undefined> {
    const range = this.batchTimeToRange.get(time) ?? this.newRange(time);
    this.batchTimeToRange.set(time, range);
    this.reportInput(time, range.end - range.start, { offsets: { start: range.start, end: range.end } });
    return Promise.resolve(new RateRDD(this.ssc.kindlingContext, range, this.numPartitions));
  }

  private newRange(time: number): RateRange {
    const intervalMs = this.slideDuration.milliseconds;
    const sinceZero = time - this.zeroTime!;
    let start: number;
    let end: number;
    if (this.rateController === undefined) {
      // Pure function of the batch time: the rows due by the end of the batch.
      start = Math.floor((this.rowsPerSecond * (sinceZero - intervalMs)) / 1000);
      end = Math.floor((this.rowsPerSecond * sinceZero) / 1000);
    } else {
      start = this.nextOffset;
      end = start + Math.floor((this.currentRate * intervalMs) / 1000);
    }
    this.nextOffset = Math.max(this.nextOffset, end);
    return { start, end, intervalStart: time - intervalMs, intervalMs };
  }

  override clearMetadata(time: number): void {
    const remember = this.rememberDuration?.milliseconds ?? 0;
    for (const t of this.batchTimeToRange.keys()) if (t <= time - remember) this.batchTimeToRange.delete(t);
    super.clearMetadata(time);
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { rowsPerSecond: this.rowsPerSecond, numPartitions: this.numPartitions };
  }

  /** The ranges of the remembered batches and where the next one starts: a restarted driver replays exactly these. */
  override sourcePosition(): unknown {
    return { nextOffset: this.nextOffset, batches: [...this.batchTimeToRange].map(([time, r]) => [time, r.start, r.end]) };
  }

  override restoreSourcePosition(position: unknown): void {
    const p = position as { nextOffset?: number; batches?: Array<[number, number, number]> } | undefined;
    if (p === undefined) return;
    this.nextOffset = p.nextOffset ?? 0;
    const intervalMs = this.slideDuration.milliseconds;
    for (const [time, start, end] of p.batches ?? []) this.batchTimeToRange.set(time, { start, end, intervalStart: time - intervalMs, intervalMs });
  }
}

registerDStreamKind('RateInputDStream', ({ ssc, params }) => new RateInputDStream(ssc, { rowsPerSecond: params['rowsPerSecond'], numPartitions: params['numPartitions'] }));
