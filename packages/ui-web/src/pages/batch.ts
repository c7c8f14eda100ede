/**
 * One streaming batch (`/streaming/batch/?id=<batch time ms>`, Spark's batch page):
 * its delays, records and checkpoint, and its output operations with their
 * durations and one-line failure reasons.
 */
import { appJson, pageBase, parseSparkDate } from '../api.js';
import { badge, h, link, section, summary, table } from '../dom.js';
import { formatBytes, formatCount, formatDuration, formatTime } from '../format.js';
import { drawnAnswers, fill, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { BatchInfo, OutputOperationInfo } from '../rest-types.js';
import { firstLine } from './stage.js';

export function batchPage(root: HTMLElement): LivePage {
  const batchId = Number(new URLSearchParams(location.search).get('id') ?? '0');
  const drawn = drawnAnswers();
  return {
    async update() {
      const [batch, operations] = await Promise.all([
        appJson<BatchInfo>(`/streaming/batches/${batchId}`),
        appJson<OutputOperationInfo[]>(`/streaming/batches/${batchId}/operations`),
      ]);
      if (sameAnswers(drawn, [batch, operations])) return UNCHANGED;
      fill(root, 'batch-summary', h('h2', {}, `Batch ${formatTime(parseSparkDate(batch.batchTime))} `, badge(batch.status, batch.status.toLowerCase())),
        summary([
          ['Batch duration', formatDuration(batch.batchDuration)],
          ['Input records', formatCount(batch.inputSize)],
          ['Scheduling delay', formatDuration(batch.schedulingDelay)],
          ['Processing time', formatDuration(batch.processingTime)],
          ['Total delay', formatDuration(batch.totalDelay)],
          ...(batch.checkpoint === undefined ? [] : [['Checkpoint', `${batch.checkpoint.mode ?? ''} ${formatBytes(batch.checkpoint.bytesWritten)} in ${formatDuration(batch.checkpoint.durationMs)}`.trim()] as const]),
        ]));
      fill(root, 'batch-operations', section(`Output operations (${operations.length})`, 'output-operations', table<OutputOperationInfo>([
        { title: 'Output Op Id', cell: (o) => o.outputOpId, numeric: true },
        { title: 'Description', cell: (o) => o.description === '' ? o.name : o.description },
        { title: 'Status', cell: (o) => (o.failureReason !== undefined ? badge('FAILED', 'failed') : o.endTime !== undefined ? badge('SUCCEEDED', 'succeeded') : o.startTime !== undefined ? badge('RUNNING', 'running') : badge('QUEUED', 'queued')) },
        { title: 'Started', cell: (o) => formatTime(parseSparkDate(o.startTime)) },
        { title: 'Duration', cell: (o) => formatDuration(o.duration), numeric: true },
        { title: 'Failure', cell: (o) => firstLine(o.failureReason) },
        // The jobs the operation ran, each a link to its job page (Spark's batch page lists them too).
        { title: 'Job Ids', cell: (o) => jobLinks(o.jobIds) },
      ], operations, 'No output operation.', 'output-operations-table', (o) => o.outputOpId)));
    },
  };
}

function jobLinks(jobIds: readonly number[]): HTMLElement {
  const links = jobIds.flatMap((id, i) => [...(i === 0 ? [] : [', ']), link(`${pageBase()}/jobs/job/?id=${id}`, String(id))]);
  return h('span', { class: 'job-ids' }, ...links);
}
