/**
 * Streaming: the batch duration and averages, charts of input rate, scheduling delay,
 * processing time and total delay over the retained batches (checkpointing batches
 * marked), the active, queued and completed batches, and the receivers with their
 * errors.
 */
import { ApiError, appJson, pageBase, parseSparkDate } from '../api.js';
import { BatchChart } from '../charts.js';
import { badge, h, link, section, summary, table } from '../dom.js';
import { formatBytes, formatCount, formatDuration, formatRate, formatTime } from '../format.js';
import { fill, drawnAnswers, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { BatchInfo, ReceiverInfo, StreamingStatistics } from '../rest-types.js';

const MAX_ROWS = 20;
/** One object, so that an unchanged page sees the same answer (live.ts, sameAnswers). */
const NO_RECEIVERS: readonly ReceiverInfo[] = [];

/** Records per second of one batch, as Spark's statistics page computes it. */
export function inputRate(b: BatchInfo): number {
  return b.batchDuration > 0 ? (b.inputSize * 1000) / b.batchDuration : 0;
}

export function streamingPage(root: HTMLElement): LivePage {
  const drawn = drawnAnswers();
  let charts: Record<'rate' | 'scheduling' | 'processing' | 'total', BatchChart> | undefined;
  let batchDuration = 0;
  return {
    // A batch adds one point to each chart and one row to the tables: polling more
    // often than batches complete would only ask again for the same answer.
    pollIntervalMs: (refreshMs) => Math.max(refreshMs, batchDuration),
    dispose: () => {
      for (const chart of Object.values(charts ?? {})) chart.destroy();
    },
    async update() {
      let stats: StreamingStatistics;
      try {
        stats = await appJson<StreamingStatistics>('/streaming/statistics');
      } catch (error) {
        // 404: no StreamingContext (yet); say so and keep polling, one may start.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        fill(root, 'streaming-summary', h('p', { class: 'empty', 'data-testid': 'no-streaming' }, 'This application has no StreamingContext running.'));
        return;
      }
      batchDuration = stats.batchDuration;
      // A stream with no receiver (a rate, queue or file stream) has none to list:
      // one request a poll fewer. Each costs Chromium ~5 ms of CPU across its
      // renderer, browser and network processes (the ui-browser-cpu probe).
      const [batches, receivers] = await Promise.all([
        appJson<BatchInfo[]>('/streaming/batches'),
        stats.numReceivers === 0 ? NO_RECEIVERS : appJson<ReceiverInfo[]>('/streaming/receivers'),
      ]);
      if (sameAnswers(drawn, [stats, batches, receivers])) return UNCHANGED;
      fill(root, 'streaming-summary', summary([
        ['Batch duration', formatDuration(stats.batchDuration)],
        ['Started', formatTime(parseSparkDate(stats.startTime))],
        ['Completed batches', `${formatCount(stats.numTotalCompletedBatches)} (${formatCount(stats.numRetainedCompletedBatches)} shown)`],
        ['Records processed', formatCount(stats.numProcessedRecords)],
        ['Receivers', `${stats.numActiveReceivers} active of ${stats.numReceivers}`],
        ['Avg input rate', formatRate(stats.avgInputRate)],
        ['Avg scheduling delay', formatDuration(stats.avgSchedulingDelay)],
        ['Avg processing time', formatDuration(stats.avgProcessingTime)],
        ['Avg total delay', formatDuration(stats.avgTotalDelay)],
      ]));
      if (charts === undefined) {
        const box = (id: string): HTMLElement => h('div', { class: 'chart', 'data-testid': id });
        const el = { rate: box('chart-input-rate'), scheduling: box('chart-scheduling-delay'), processing: box('chart-processing-time'), total: box('chart-total-delay') };
        fill(root, 'streaming-charts', section('Batches over time', 'streaming-charts', h('div', { class: 'charts' }, el.rate, el.scheduling, el.processing, el.total),
          h('p', { class: 'legend-note' }, 'Orange points: batches that wrote a checkpoint.')));
        charts = {
          rate: new BatchChart(el.rate, 'Input rate', 'rec/s'),
          scheduling: new BatchChart(el.scheduling, 'Scheduling delay', 'ms'),
          processing: new BatchChart(el.processing, 'Processing time', 'ms'),
          total: new BatchChart(el.total, 'Total delay', 'ms'),
        };
      }
      const completed = batches.filter((b) => b.status === 'COMPLETED');
      const point = (value: (b: BatchInfo) => number | undefined) =>
        completed.map((b) => ({ time: parseSparkDate(b.batchTime) ?? 0, value: value(b) ?? null, checkpointed: b.checkpoint !== undefined }));
      charts.rate.setPoints(point(inputRate));
      charts.scheduling.setPoints(point((b) => b.schedulingDelay));
      charts.processing.setPoints(point((b) => b.processingTime));
      charts.total.setPoints(point((b) => b.totalDelay));

      const byTimeDesc = (a: BatchInfo, b: BatchInfo): number => (parseSparkDate(b.batchTime) ?? 0) - (parseSparkDate(a.batchTime) ?? 0);
      const active = batches.filter((b) => b.status !== 'COMPLETED').sort(byTimeDesc);
      // The tables show the newest rows; the charts show every retained batch.
      const shownActive = active.slice(-MAX_ROWS);
      fill(root, 'streaming-active', section(`Active batches (${active.length}${active.length > MAX_ROWS ? `, the oldest ${MAX_ROWS} shown` : ''})`, 'active-batches',
        batchTable(shownActive, 'No batch is running or queued.', 'active-batches-table')));
      const shownCompleted = [...completed].sort(byTimeDesc).slice(0, MAX_ROWS);
      // The statistics were read before the batches: a batch may have completed in between.
      const totalCompleted = Math.max(stats.numTotalCompletedBatches, completed.length);
      fill(root, 'streaming-completed', section(`Completed batches (last ${shownCompleted.length} of ${totalCompleted})`, 'completed-batches',
        batchTable(shownCompleted, 'No batch has completed.', 'completed-batches-table')));
      fill(root, 'streaming-receivers', section(`Receivers (${receivers.length})`, 'receivers', table<ReceiverInfo>([
        { title: 'Receiver', cell: (r) => `${r.streamName} (stream ${r.streamId})` },
        { title: 'Status', cell: (r) => (r.isActive === false ? badge('INACTIVE', 'lost') : badge('ACTIVE', 'live')) },
        { title: 'Executor', cell: (r) => [r.executorId, r.executorHost].filter((x) => x !== undefined).join(' / ') },
        { title: 'Avg events/s', cell: (r) => (r.avgEventRate === undefined ? '–' : r.avgEventRate.toFixed(1)), numeric: true },
        { title: 'Last error time', cell: (r) => formatTime(parseSparkDate(r.lastErrorTime)) },
        { title: 'Last error', cell: (r) => r.lastErrorMessage ?? '' },
      ], receivers, 'No receivers.', 'receivers-table')));
    },
  };
}

function batchTable(batches: readonly BatchInfo[], empty: string, testId: string): HTMLTableElement {
  return table<BatchInfo>([
    { title: 'Batch time', cell: (b) => link(`${pageBase()}/streaming/batch/?id=${b.batchId}`, formatTime(parseSparkDate(b.batchTime))) },
    { title: 'Status', cell: (b) => badge(b.status, b.status.toLowerCase()) },
    { title: 'Records', cell: (b) => formatCount(b.inputSize), numeric: true },
    { title: 'Scheduling delay', cell: (b) => formatDuration(b.schedulingDelay), numeric: true },
    { title: 'Processing time', cell: (b) => formatDuration(b.processingTime), numeric: true },
    { title: 'Total delay', cell: (b) => formatDuration(b.totalDelay), numeric: true },
    { title: 'Output ops: succeeded/total', cell: (b) => `${b.numCompletedOutputOps}/${b.numTotalOutputOps}`, numeric: true },
    { title: 'Checkpoint', cell: (b) => (b.checkpoint === undefined ? '' : `${b.checkpoint.mode ?? ''} ${formatBytes(b.checkpoint.bytesWritten)} in ${formatDuration(b.checkpoint.durationMs)}`.trim()) },
    { title: 'Failure', cell: (b) => b.firstFailureReason?.split('\n', 1)[0] ?? '' },
  ], batches, empty, testId, (b) => b.batchTime);
}
