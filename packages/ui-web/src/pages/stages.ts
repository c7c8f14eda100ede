/** Stages: every stage attempt, its progress, records, shuffle and failure reason. */
import { appJson, pageBase, parseSparkDate } from '../api.js';
import { badge, link, section, summary, table } from '../dom.js';
import { formatBytes, formatCount, formatDuration, formatTime } from '../format.js';
import { fill, drawnAnswers, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { StageData } from '../rest-types.js';

/** The newest stages drawn, as Spark pages its table. */
const MAX_STAGES_SHOWN = 100;

export function stageDuration(s: StageData, now: number): number | undefined {
  const start = parseSparkDate(s.submissionTime);
  if (start === undefined) return undefined;
  return (parseSparkDate(s.completionTime) ?? now) - start;
}

export function stagesPage(root: HTMLElement): LivePage {
  const drawn = drawnAnswers();
  return {
    async update() {
      const stages = await appJson<StageData[]>('/stages');
      if (sameAnswers(drawn, [stages])) return UNCHANGED;
      const now = Date.now();
      const sorted = [...stages].sort((a, b) => b.stageId - a.stageId || b.attemptId - a.attemptId).slice(0, MAX_STAGES_SHOWN);
      const count = (s: StageData['status']): number => stages.filter((x) => x.status === s).length;
      fill(root, 'stages-summary', summary([
        ['Active stages', count('ACTIVE')],
        ['Pending stages', count('PENDING')],
        ['Completed stages', count('COMPLETE')],
        ['Skipped stages', count('SKIPPED')],
        ['Failed stages', count('FAILED')],
      ]));
      fill(root, 'stages-table', section(stages.length > sorted.length ? `Stages (${stages.length}, the newest ${sorted.length} shown)` : `Stages (${stages.length})`, 'stages', stagesTable(sorted, now, 'No stages yet.', 'stages-table')));
    },
  };
}

/** Stage attempts, newest first as given, each linked to its page (the Stages page, a job's page). */
export function stagesTable(stages: readonly StageData[], now: number, empty: string, testId: string): HTMLTableElement {
  return table<StageData>([
    { title: 'Stage Id', cell: (s) => link(`${pageBase()}/stages/stage/?id=${s.stageId}&attempt=${s.attemptId}`, s.attemptId > 0 ? `${s.stageId} (retry ${s.attemptId})` : s.stageId), numeric: true },
    { title: 'Description', cell: (s) => s.name },
    { title: 'Submitted', cell: (s) => formatTime(parseSparkDate(s.submissionTime)) },
    { title: 'Duration', cell: (s) => formatDuration(stageDuration(s, now)), numeric: true },
    { title: 'Status', cell: (s) => badge(s.status, s.status.toLowerCase()) },
    { title: 'Tasks: Succeeded/Total', cell: (s) => `${s.numCompleteTasks}/${s.numTasks}${s.numFailedTasks > 0 ? ` (${s.numFailedTasks} failed)` : ''}`, numeric: true },
    { title: 'Input records', cell: (s) => formatCount(s.inputRecords), numeric: true },
    { title: 'Shuffle read', cell: (s) => formatBytes(s.shuffleReadBytes), numeric: true },
    { title: 'Shuffle write', cell: (s) => formatBytes(s.shuffleWriteBytes), numeric: true },
    { title: 'Failure reason', cell: (s) => s.failureReason ?? '' },
  ], stages, empty, testId, (s) => `${s.stageId}.${s.attemptId}`);
}
