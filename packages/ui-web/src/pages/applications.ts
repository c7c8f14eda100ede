/**
 * The history server's front page: every application in the event log directory,
 * one row per attempt (a driver restarted from a checkpoint is a new attempt of the
 * same application), linking to that attempt's pages.
 */
import { apiRoot, getJson, parseSparkDate, type ApplicationAttempt, type ApplicationInfo } from '../api.js';
import { badge, link, section, table } from '../dom.js';
import { formatDuration, formatTime } from '../format.js';
import { fill, type LivePage } from '../live.js';

interface Row {
  readonly app: ApplicationInfo;
  readonly attempt: ApplicationAttempt;
}

export function applicationsPage(root: HTMLElement): LivePage {
  return {
    async update() {
      const apps = await getJson<ApplicationInfo[]>(`${apiRoot()}/applications`);
      const rows: Row[] = apps.flatMap((app) => app.attempts.map((attempt) => ({ app, attempt })));
      const href = (r: Row): string =>
        `/history/${encodeURIComponent(r.app.id)}${r.attempt.attemptId === undefined ? '' : `/${encodeURIComponent(r.attempt.attemptId)}`}/jobs/`;
      fill(root, 'applications', section(`Applications (${apps.length})`, 'applications', table<Row>([
        { title: 'App ID', cell: (r) => link(href(r), r.app.id) },
        { title: 'Attempt', cell: (r) => r.attempt.attemptId ?? '' },
        { title: 'App Name', cell: (r) => r.app.name },
        { title: 'Started', cell: (r) => formatTime(parseSparkDate(r.attempt.startTime)) },
        // Spark sends an unfinished attempt's end as the epoch minus 1 ms and its duration as 0:
        // shown as no end, and the time it ran until its last logged event.
        { title: 'Completed', cell: (r) => (r.attempt.completed ? formatTime(parseSparkDate(r.attempt.endTime)) : '–') },
        { title: 'Duration', cell: (r) => (r.attempt.completed ? formatDuration(r.attempt.duration) : untilLastEvent(r.attempt)), numeric: true },
        { title: 'Status', cell: (r) => (r.attempt.completed ? badge('COMPLETED', 'succeeded') : badge('INCOMPLETE', 'running')) },
      ], rows, 'No application found in the event log directory.', 'applications-table')));
    },
  };
}

function untilLastEvent(attempt: ApplicationAttempt): string {
  const start = parseSparkDate(attempt.startTime);
  const last = parseSparkDate(attempt.lastUpdated);
  return start === undefined || last === undefined ? '–' : `${formatDuration(last - start)} to its last event`;
}
