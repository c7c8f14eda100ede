/**
 * Checkpoints (Kindling's page; Spark's UI has none): the metadata checkpoints with
 * their batch times, sizes and durations, the RDD checkpoints (a stateful stream's
 * state among them) with their directories, and every restart from a checkpoint:
 * when, from which checkpoint, the down-time and the batches it fell on, and the
 * pending batches that ran again.
 */
import { appJson, parseSparkDate } from '../api.js';
import { h, section, summary, table } from '../dom.js';
import { formatBytes, formatDuration, formatTime } from '../format.js';
import { fill, drawnAnswers, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { CheckpointsInfo, MetadataCheckpoint, RddCheckpoint, Recovery } from '../rest-types.js';

/** The newest rows of each table; a stream writes a metadata checkpoint every batch. */
const MAX_ROWS = 20;

function shownOf(title: string, total: number): string {
  return total > MAX_ROWS ? `${title} (${total}, the newest ${MAX_ROWS} shown)` : `${title} (${total})`;
}

/** Batch times as a short list: the first few and how many more. */
export function batchTimes(times: readonly number[], shown = 4): string {
  if (times.length === 0) return 'none';
  const head = times.slice(0, shown).map((t) => formatTime(t)).join(', ');
  return times.length > shown ? `${head} and ${times.length - shown} more (${times.length})` : head;
}

export function checkpointsPage(root: HTMLElement): LivePage {
  const drawn = drawnAnswers();
  return {
    async update() {
      const info = await appJson<CheckpointsInfo>('/checkpoints');
      if (sameAnswers(drawn, [info])) return UNCHANGED;
      const metadata = [...info.metadataCheckpoints].sort((a, b) => b.checkpointTimeEpoch - a.checkpointTimeEpoch);
      const written = metadata.filter((c) => c.succeeded);
      const mean = (xs: number[]): number | undefined => (xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length);
      fill(root, 'checkpoints-summary', summary([
        ['Checkpoint directory', info.checkpointDir ?? 'none set'],
        ['Metadata checkpoints', `${written.length} written${metadata.length > written.length ? `, ${metadata.length - written.length} failed` : ''}`],
        ['Mean size', formatBytes(mean(written.map((c) => c.bytes)))],
        ['Mean duration', formatDuration(mean(written.map((c) => c.durationMs)))],
        ['RDD checkpoints', info.rddCheckpoints.length],
        ['Restarts from a checkpoint', info.recoveries.length],
      ]));
      fill(root, 'checkpoints-recovery', section(`Recoveries (${info.recoveries.length})`, 'recoveries', table<Recovery>([
        { title: 'Restarted', cell: (r) => formatTime(parseSparkDate(r.time)) },
        { title: 'From the checkpoint of', cell: (r) => formatTime(r.checkpointTimeEpoch) },
        { title: 'Checkpoint file', cell: (r) => r.checkpointFile },
        { title: 'Down-time', cell: (r) => formatDuration((parseSparkDate(r.time) ?? r.checkpointTimeEpoch) - r.checkpointTimeEpoch), numeric: true },
        { title: 'Batches during the down-time', cell: (r) => batchTimes(r.downTimeBatches) },
        { title: 'Pending batches', cell: (r) => batchTimes(r.pendingBatches) },
        { title: 'Rescheduled', cell: (r) => r.rescheduledBatches.length, numeric: true },
      ], [...info.recoveries].reverse(), 'Not restarted: this driver started fresh.', 'recoveries-table')));
      fill(root, 'checkpoints-metadata', section(shownOf('Metadata checkpoints', metadata.length), 'metadata-checkpoints', table<MetadataCheckpoint>([
        { title: 'Batch time', cell: (c) => formatTime(c.checkpointTimeEpoch) },
        { title: 'File', cell: (c) => c.file ?? h('span', { class: 'badge failed' }, 'write failed') },
        { title: 'Size', cell: (c) => formatBytes(c.bytes), numeric: true },
        { title: 'Duration', cell: (c) => formatDuration(c.durationMs), numeric: true },
        { title: 'Written at', cell: (c) => formatTime(parseSparkDate(c.writtenAt)) },
      ], metadata.slice(0, MAX_ROWS), 'No metadata checkpoint written yet.', 'metadata-checkpoints-table', (c) => `${c.checkpointTimeEpoch} ${c.writtenAt}`)));
      fill(root, 'checkpoints-rdd', section(shownOf('RDD and state checkpoints', info.rddCheckpoints.length), 'rdd-checkpoints', table<RddCheckpoint>([
        { title: 'RDD', cell: (c) => `${c.name} [${c.rddId}]` },
        { title: 'Directory', cell: (c) => c.path },
      ], [...info.rddCheckpoints].sort((a, b) => b.rddId - a.rddId).slice(0, MAX_ROWS), 'No RDD checkpoint written.', 'rdd-checkpoints-table', (c) => c.rddId)));
    },
  };
}
