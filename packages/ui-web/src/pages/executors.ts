/** Executors: live and lost ones, their cores, tasks, heartbeats and why each was lost. */
import { appJson, parseSparkDate } from '../api.js';
import { badge, section, summary, table } from '../dom.js';
import { formatBytes, formatDuration, formatTime } from '../format.js';
import { fill, drawnAnswers, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { ExecutorSummary } from '../rest-types.js';

export function executorsPage(root: HTMLElement): LivePage {
  const drawn = drawnAnswers();
  return {
    async update() {
      const executors = await appJson<ExecutorSummary[]>('/allexecutors');
      if (sameAnswers(drawn, [executors])) return UNCHANGED;
      const now = Date.now();
      const live = executors.filter((e) => e.isActive);
      fill(root, 'executors-summary', summary([
        ['Live executors', live.length],
        ['Lost executors', executors.length - live.length],
        ['Cores', live.reduce((n, e) => n + e.totalCores, 0)],
        ['Active tasks', live.reduce((n, e) => n + e.activeTasks, 0)],
      ]));
      fill(root, 'executors-table', section(`Executors (${executors.length})`, 'executors', table([
        { title: 'Executor ID', cell: (e) => e.id },
        { title: 'Address', cell: (e) => e.hostPort },
        { title: 'Status', cell: (e) => (e.isActive ? badge('Active', 'live') : badge('Lost', 'lost')) },
        { title: 'Cores', cell: (e) => e.totalCores, numeric: true },
        { title: 'Active Tasks', cell: (e) => e.activeTasks, numeric: true },
        { title: 'Failed Tasks', cell: (e) => e.failedTasks, numeric: true },
        { title: 'Complete Tasks', cell: (e) => e.completedTasks, numeric: true },
        { title: 'Task Time', cell: (e) => formatDuration(e.totalDuration), numeric: true },
        { title: 'Shuffle Read', cell: (e) => formatBytes(e.totalShuffleRead), numeric: true },
        { title: 'Shuffle Write', cell: (e) => formatBytes(e.totalShuffleWrite), numeric: true },
        { title: 'Added', cell: (e) => formatTime(parseSparkDate(e.addTime)) },
        { title: 'Last heartbeat', cell: (e) => heartbeat(e, now) },
        { title: 'Removed', cell: (e) => (e.removeTime === undefined ? '' : formatTime(parseSparkDate(e.removeTime))) },
        { title: 'Reason lost', cell: (e) => e.removeReason ?? '' },
      ], executors, 'No executors.', 'executors-table')));
    },
  };
}

function heartbeat(e: ExecutorSummary, now: number): string {
  const t = parseSparkDate(e.lastHeartbeat);
  return t === undefined ? '–' : `${formatDuration(now - t)} ago`;
}
