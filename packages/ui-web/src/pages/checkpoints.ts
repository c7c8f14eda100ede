/**
 * Checkpoints (Kindling's page; Spark's UI has none): the metadata checkpoints with
 * their times, sizes and durations, the state checkpoint directories, and, after a
 * restart from a checkpoint, the recovery: down-time, pending and rescheduled batches.
 */
import { appJson } from '../api.js';
import { section, summary, table } from '../dom.js';
import { formatBytes, formatDuration, formatTime } from '../format.js';
import { fill, type LivePage } from '../live.js';
import type { CheckpointsInfo, MetadataCheckpoint, StateCheckpointDir } from '../rest-types.js';

export function checkpointsPage(root: HTMLElement): LivePage {
  return {
    async update() {
      const info = await appJson<CheckpointsInfo>('/checkpoints');
      const metadata = [...(info.metadataCheckpoints ?? [])].sort((a, b) => b.time - a.time);
      fill(root, 'checkpoints-summary', summary([
        ['Checkpoint directory', info.checkpointDir ?? 'none (no checkpoint directory set)'],
        ['Checkpoint interval', formatDuration(info.checkpointInterval)],
        ['Metadata checkpoints written', metadata.length],
      ]));
      const r = info.recovery;
      fill(root, 'checkpoints-recovery', section('Recovery', 'recovery', r === undefined
        ? summary([['Started', 'fresh (not recovered from a checkpoint)']])
        : summary([
          ['Recovered from the checkpoint of', formatTime(r.checkpointTime)],
          ['Restarted at', formatTime(r.restartTime)],
          ['Down-time', formatDuration(r.restartTime - r.checkpointTime)],
          ['Down-time batches', r.downTimeBatches.length === 0 ? 'none' : r.downTimeBatches.map((t) => formatTime(t)).join(', ')],
          ['Pending batches rescheduled', r.pendingBatches.length === 0 ? 'none' : r.pendingBatches.map((t) => formatTime(t)).join(', ')],
        ])));
      fill(root, 'checkpoints-metadata', section(`Metadata checkpoints (${metadata.length})`, 'metadata-checkpoints', table<MetadataCheckpoint>([
        { title: 'Batch time', cell: (c) => formatTime(c.time) },
        { title: 'File', cell: (c) => c.path },
        { title: 'Size', cell: (c) => formatBytes(c.bytes), numeric: true },
        { title: 'Duration', cell: (c) => formatDuration(c.durationMs), numeric: true },
      ], metadata, 'No metadata checkpoint written yet.', 'metadata-checkpoints-table')));
      fill(root, 'checkpoints-state', section(`State checkpoint directories (${(info.stateCheckpointDirs ?? []).length})`, 'state-checkpoints', table<StateCheckpointDir>([
        { title: 'RDD / stream', cell: (d) => d.name },
        { title: 'Directory', cell: (d) => d.path },
        { title: 'Last written', cell: (d) => formatTime(d.lastTime) },
      ], info.stateCheckpointDirs ?? [], 'No state checkpoint directory.', 'state-checkpoints-table')));
    },
  };
}
