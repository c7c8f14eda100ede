/**
 * One job (`/jobs/job/?id=N`, Spark's job page): its status, duration and tasks,
 * and the stages it ran or skipped, each linked to its stage page.
 */
import { appJson, parseSparkDate } from '../api.js';
import { badge, h, section, summary } from '../dom.js';
import { formatDuration, formatTime } from '../format.js';
import { drawnAnswers, fill, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { JobData, StageData } from '../rest-types.js';
import { jobDuration } from './jobs.js';
import { stagesTable } from './stages.js';

export function jobPage(root: HTMLElement): LivePage {
  const jobId = Number(new URLSearchParams(location.search).get('id') ?? '0');
  const drawn = drawnAnswers();
  return {
    async update() {
      // The job's stages are read from the list every page polls: it is one cached
      // answer, where a request per stage would be one each.
      const [job, stages] = await Promise.all([appJson<JobData>(`/jobs/${jobId}`), appJson<StageData[]>('/stages')]);
      if (sameAnswers(drawn, [job, stages])) return UNCHANGED;
      const now = Date.now();
      fill(root, 'job-summary', h('h2', {}, `Job ${job.jobId}: ${job.description ?? job.name} `, badge(job.status, job.status.toLowerCase())),
        summary([
          ['Submitted', formatTime(parseSparkDate(job.submissionTime))],
          ['Duration', formatDuration(jobDuration(job, now))],
          ['Tasks', `${job.numCompletedTasks}/${job.numTasks - job.numSkippedTasks} succeeded, ${job.numActiveTasks} running, ${job.numFailedTasks} failed`],
          ['Stages', `${job.numCompletedStages} completed, ${job.numSkippedStages} skipped, ${job.numFailedStages} failed`],
          ...(job.description === undefined ? [] : [['Name', job.name] as const]),
        ]));
      const ids = new Set(job.stageIds);
      const ofJob = stages.filter((s) => ids.has(s.stageId)).sort((a, b) => b.stageId - a.stageId || b.attemptId - a.attemptId);
      fill(root, 'job-stages', section(`Stages (${ofJob.length})`, 'job-stages', stagesTable(ofJob, now, 'None of its stages is retained.', 'job-stages-table')));
    },
  };
}
