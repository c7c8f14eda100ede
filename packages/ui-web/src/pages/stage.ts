/**
 * One stage attempt (`/stages/stage/?id=N&attempt=M`): its summary, its RDD graph
 * with the checkpoint cut, and its tasks with duration, records, shuffle read/write
 * and the one-line reason of each failure.
 */
import { appJson, parseSparkDate } from '../api.js';
import { badge, h, section, summary, table } from '../dom.js';
import { drawRddGraph } from '../dag.js';
import { formatBytes, formatCount, formatDuration, formatTime } from '../format.js';
import { fill, type LivePage } from '../live.js';
import type { RddNode, StageData, TaskData } from '../rest-types.js';
import { stageDuration } from './stages.js';

/** The rddGraph answer: the stage's RDDs, bare or under `rdds`/`nodes`. */
type RddGraphAnswer = readonly RddNode[] | { readonly rdds?: readonly RddNode[]; readonly nodes?: readonly RddNode[] };

export function firstLine(message: string | undefined): string {
  if (message === undefined) return '';
  return message.split('\n', 1)[0] ?? '';
}

export function stagePage(root: HTMLElement): LivePage {
  const params = new URLSearchParams(location.search);
  const stageId = Number(params.get('id') ?? '0');
  let attempt = params.get('attempt');
  let drawnGraph = '';
  return {
    async update() {
      if (attempt === null) {
        // No attempt named: the newest.
        const attempts = await appJson<StageData[]>(`/stages/${stageId}`);
        attempt = String(Math.max(0, ...attempts.map((a) => a.attemptId)));
      }
      const [stage, graph] = await Promise.all([
        appJson<StageData>(`/stages/${stageId}/${attempt}`),
        appJson<RddGraphAnswer>(`/stages/${stageId}/${attempt}/rddGraph`),
      ]);
      const now = Date.now();
      fill(root, 'stage-summary', h('h2', {}, `Stage ${stage.stageId} (attempt ${stage.attemptId}): ${stage.name} `, badge(stage.status, stage.status.toLowerCase())),
        summary([
          ['Submitted', formatTime(parseSparkDate(stage.submissionTime))],
          ['Duration', formatDuration(stageDuration(stage, now))],
          ['Tasks', `${stage.numCompleteTasks}/${stage.numTasks} succeeded, ${stage.numActiveTasks} running, ${stage.numFailedTasks} failed`],
          ['Shuffle read', `${formatBytes(stage.shuffleReadBytes)} / ${formatCount(stage.shuffleReadRecords)} records`],
          ['Shuffle write', `${formatBytes(stage.shuffleWriteBytes)} / ${formatCount(stage.shuffleWriteRecords)} records`],
          ...(stage.failureReason !== undefined ? [['Failure reason', firstLine(stage.failureReason)] as const] : []),
        ]));
      const rdds = Array.isArray(graph) ? graph : (graph as { rdds?: readonly RddNode[]; nodes?: readonly RddNode[] }).rdds ?? (graph as { nodes?: readonly RddNode[] }).nodes ?? [];
      // The graph of a stage attempt never changes once drawn; redraw only if it did.
      const key = JSON.stringify(rdds);
      if (key !== drawnGraph) {
        drawnGraph = key;
        fill(root, 'stage-dag', section('DAG visualization', 'stage-dag-section', rdds.length === 0 ? h('p', { class: 'empty' }, 'No RDD graph recorded for this stage.') : drawRddGraph(rdds)));
      }
      const tasks = Object.values(stage.tasks ?? {}).sort((a, b) => a.index - b.index || a.attempt - b.attempt);
      fill(root, 'stage-tasks', section(`Tasks (${tasks.length})`, 'tasks', table<TaskData>([
        { title: 'Index', cell: (t) => t.index, numeric: true },
        { title: 'Task Id', cell: (t) => t.attempt > 0 ? `${t.taskId} (attempt ${t.attempt})` : t.taskId, numeric: true },
        { title: 'Status', cell: (t) => badge(t.status, t.status.toLowerCase()) },
        { title: 'Executor', cell: (t) => `${t.executorId} / ${t.host}` },
        { title: 'Launch time', cell: (t) => formatTime(parseSparkDate(t.launchTime)) },
        { title: 'Duration', cell: (t) => formatDuration(t.duration), numeric: true },
        { title: 'Records in', cell: (t) => formatCount((t.taskMetrics?.inputMetrics?.recordsRead ?? 0) + (t.taskMetrics?.shuffleReadMetrics?.recordsRead ?? 0)), numeric: true },
        { title: 'Shuffle read', cell: (t) => formatBytes(shuffleReadBytes(t)), numeric: true },
        { title: 'Shuffle write', cell: (t) => formatBytes(t.taskMetrics?.shuffleWriteMetrics?.bytesWritten ?? 0), numeric: true },
        { title: 'Error', cell: (t) => firstLine(t.errorMessage) },
      ], tasks, 'No tasks have started.', 'tasks-table', (t) => t.taskId)));
    },
  };
}

function shuffleReadBytes(t: TaskData): number {
  const m = t.taskMetrics?.shuffleReadMetrics;
  return m === undefined ? 0 : m.localBytesRead + m.remoteBytesRead;
}
