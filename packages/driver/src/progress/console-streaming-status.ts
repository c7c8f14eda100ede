/**
 * On a terminal, while a StreamingContext runs, one status line per completed batch
 * takes the place of the stage progress bars (issue 9 item 5):
 *
 *   Batch 14:03:20 | 2,000 records | in 2,000 rec/s | processed 8,130 rec/s | delay: scheduling 0.004 s, processing 0.246 s, total 0.250 s | queued 0
 *
 * Stage bars redrawn in place suit a batch job that runs a few long stages; a stream
 * runs many short jobs every batch, so the bars would flicker, and what a user
 * watches is whether batches keep up: records, rates, the three delays of Spark's
 * streaming UI, and the batches waiting behind this one. A line is written whole,
 * after the batch, so `print()` output and log lines are never overwritten.
 * Silent when stdout is not a terminal or `kindling.ui.showConsoleProgress` is false.
 */
import type { KindlingConf } from '@kindling/common';
import type { BatchInfo } from '../streaming/batch-info.js';
import type { StreamingListener } from '../streaming/streaming-listener.js';
import type { ProgressOutput } from './console-progress-bar.js';

export interface StreamingStatusLineOptions {
  readonly output: ProgressOutput;
  /** The batch interval, for the input rate. */
  readonly batchDurationMs: number;
  /** Batches submitted and not yet completed, besides the one just completed. */
  readonly queuedBatches: () => number;
}

export class StreamingStatusLine implements StreamingListener {
  /** A status line on process.stdout if it is a terminal and `kindling.ui.showConsoleProgress` is not false. */
  static createIfEnabled(conf: KindlingConf, options: Omit<StreamingStatusLineOptions, 'output'>, output: ProgressOutput = process.stdout): StreamingStatusLine | undefined {
    if (output.isTTY !== true || !conf.getBoolean('kindling.ui.showConsoleProgress', true)) return undefined;
    return new StreamingStatusLine({ ...options, output });
  }

  constructor(private readonly options: StreamingStatusLineOptions) {}

  onBatchCompleted({ batchInfo }: { readonly batchInfo: BatchInfo }): void {
    this.options.output.write(`${renderStatusLine(batchInfo, this.options.batchDurationMs, this.options.queuedBatches())}\n`);
  }
}

/** The status line of one completed batch. */
export function renderStatusLine(info: BatchInfo, batchDurationMs: number, queued: number): string {
  const records = info.numRecords;
  const processingRate = info.processingDelay === undefined || info.processingDelay === 0 ? undefined : (records * 1000) / info.processingDelay;
  return [
    `Batch ${batchTimeLabel(info.batchTime)}`,
    `${count(records)} record${records === 1 ? '' : 's'}`,
    `in ${count((records * 1000) / batchDurationMs)} rec/s`,
    `processed ${processingRate === undefined ? '-' : count(processingRate)} rec/s`,
    `delay: scheduling ${seconds(info.schedulingDelay)}, processing ${seconds(info.processingDelay)}, total ${seconds(info.totalDelay)}`,
    `queued ${queued}`,
  ].join(' | ');
}

/** Wall-clock batch times as the time of day (UTC); a manual clock's small times as ms. */
function batchTimeLabel(time: number): string {
  return time >= Date.UTC(2000, 0, 1) ? new Date(time).toISOString().slice(11, 19) : `${time} ms`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(3)} s`;
}
