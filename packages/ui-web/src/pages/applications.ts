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
        { title: 'Completed', cell: (r) => formatTime(parseSparkDate(r.attempt.endTime)) },
        { title: 'Duration', cell: (r) => formatDuration(r.attempt.duration), numeric: true },
        { title: 'Status', cell: (r) => (r.attempt.completed ? badge('COMPLETED', 'succeeded') : badge('INCOMPLETE', 'running')) },
      ], rows, 'No application found in the event log directory.', 'applications-table')));
    },
  };
}
