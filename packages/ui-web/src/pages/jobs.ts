/**
 * Jobs: every job with its status, duration and stages, and the event timeline,
 * closed until the user opens it (as Spark's), so that a poll of a closed one
 * fetches neither the executors nor draws the lanes.
 */
import { appJson, pageBase, parseSparkDate } from '../api.js';
import { disclosure } from '../disclosure.js';
import { badge, h, link, section, summary, table } from '../dom.js';
import { formatDuration, formatTime } from '../format.js';
import { fill, drawnAnswers, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { ExecutorSummary, JobData } from '../rest-types.js';
import { drawTimeline, type Span } from '../timeline.js';

const MAX_JOBS_SHOWN = 100;
const MAX_TIMELINE_JOBS = 30;
/** Where this browser keeps whether the timeline is open. */
const TIMELINE_OPEN_KEY = 'kindling.ui.jobsTimelineOpen';

export function jobDuration(job: JobData, now: number): number | undefined {
  const start = parseSparkDate(job.submissionTime);
  if (start === undefined) return undefined;
  return (parseSparkDate(job.completionTime) ?? now) - start;
}

export function jobsPage(root: HTMLElement): LivePage {
  const drawn = drawnAnswers();
  let updateNow: () => void = () => undefined;
  const timeline = disclosure(TIMELINE_OPEN_KEY, 'Event timeline', 'jobs-timeline', () => updateNow());
  return {
    listen(now) {
      updateNow = now;
    },
    async update() {
      const open = timeline.isOpen();
      const [jobs, executors] = await Promise.all([
        appJson<JobData[]>('/jobs'),
        open ? appJson<ExecutorSummary[]>('/allexecutors') : undefined,
      ]);
      if (sameAnswers(drawn, [jobs, executors])) return UNCHANGED;
      const now = Date.now();
      const count = (s: JobData['status']): number => jobs.filter((j) => j.status === s).length;
      fill(root, 'jobs-summary', summary([
        ['Active jobs', count('RUNNING')],
        ['Completed jobs', count('SUCCEEDED')],
        ['Failed jobs', count('FAILED')],
      ]));
      // A streaming job runs a job or more a batch: the newest ones are drawn, as
      // Spark pages its tables, so a poll stays cheap for the browser after days.
      const sorted = [...jobs].sort((a, b) => b.jobId - a.jobId).slice(0, MAX_JOBS_SHOWN);
      // Placed after the summary, which the first fill above created.
      if (!timeline.element.isConnected) root.appendChild(timeline.element);
      // Drawn only when it was open for this poll's answers: opened since, the
      // next poll (at once) fetches the executors and draws it.
      if (executors !== undefined && timeline.isOpen()) {
        const spans = jobSpans(sorted.slice(0, MAX_TIMELINE_JOBS).reverse(), now);
        fill(timeline.body, 'jobs-timeline-lanes', drawTimeline(executorSpans(executors, now), spans, now));
      }
      fill(root, 'jobs-table', section(jobs.length > sorted.length ? `Jobs (${jobs.length}, the newest ${sorted.length} shown)` : `Jobs (${jobs.length})`, 'jobs', table([
        { title: 'Job Id', cell: (j) => link(`${pageBase()}/jobs/job/?id=${j.jobId}`, String(j.jobId)), numeric: true },
        { title: 'Description', cell: (j) => j.description ?? j.name },
        { title: 'Submitted', cell: (j) => formatTime(parseSparkDate(j.submissionTime)) },
        { title: 'Duration', cell: (j) => formatDuration(jobDuration(j, now)), numeric: true },
        { title: 'Status', cell: (j) => badge(j.status, j.status.toLowerCase()) },
        {
          title: 'Stages: Succeeded/Total',
          cell: (j) => h('span', {}, `${j.numCompletedStages}/${j.stageIds.length - j.numSkippedStages}`,
            j.numSkippedStages > 0 ? ` (${j.numSkippedStages} skipped)` : '',
            ' ', ...stageLinks(j.stageIds)),
        },
        { title: 'Tasks: Succeeded/Total', cell: (j) => `${j.numCompletedTasks}/${j.numTasks - j.numSkippedTasks}${j.numFailedTasks > 0 ? ` (${j.numFailedTasks} failed)` : ''}`, numeric: true },
      ], sorted, 'No jobs yet.', 'jobs-table', (j) => j.jobId)));
    },
  };
}

/**
 * Links to the job's newest stages, those that ran: a streaming job's earlier stages
 * are the lineage's, skipped, and one link each made the table of a long-running
 * stream some 18,000 DOM nodes, whose layout was most of what a poll cost the browser.
 */
const MAX_STAGE_LINKS = 3;

function stageLinks(stageIds: readonly number[]): Array<Node | string> {
  const newest = [...stageIds].sort((a, b) => a - b).slice(-MAX_STAGE_LINKS);
  const more = stageIds.length - newest.length;
  return [more > 0 ? `… ` : '', ...newest.map((s) => link(`${pageBase()}/stages/stage/?id=${s}`, `#${s} `))];
}

function jobSpans(jobs: readonly JobData[], now: number): Span[] {
  return jobs.flatMap((j) => {
    const start = parseSparkDate(j.submissionTime);
    if (start === undefined) return [];
    const end = parseSparkDate(j.completionTime);
    const label = `job ${j.jobId}`;
    return [{ label, start, end, kind: j.status.toLowerCase(), title: `${label} ${j.status}, ${formatDuration((end ?? now) - start)}: ${j.description ?? j.name}` }];
  });
}

function executorSpans(executors: readonly ExecutorSummary[], now: number): Span[] {
  return executors
    .filter((e) => e.id !== 'driver')
    .flatMap((e) => {
      const start = parseSparkDate(e.addTime);
      if (start === undefined) return [];
      const end = parseSparkDate(e.removeTime);
      const label = `executor ${e.id}`;
      const title = end === undefined
        ? `${label} added ${formatTime(start)}, live for ${formatDuration(now - start)}`
        : `${label} added ${formatTime(start)}, removed ${formatTime(end)}: ${e.removeReason ?? 'no reason given'}`;
      return [{ label, start, end, kind: end === undefined ? 'live' : 'lost', title }];
    });
}
