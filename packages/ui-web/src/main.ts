/**
 * The entry of every page: the server sends one HTML shell whose `data-page` names
 * the page; this module starts that page's live updates in `#content`.
 */
import { runLive, type LivePage } from './live.js';
import { applicationsPage } from './pages/applications.js';
import { checkpointsPage } from './pages/checkpoints.js';
import { environmentPage } from './pages/environment.js';
import { executorsPage } from './pages/executors.js';
import { jobsPage } from './pages/jobs.js';
import { stagePage } from './pages/stage.js';
import { stagesPage } from './pages/stages.js';
import { storagePage } from './pages/storage.js';
import { streamingPage } from './pages/streaming.js';

const pages: Record<string, (root: HTMLElement) => LivePage> = {
  applications: applicationsPage,
  jobs: jobsPage,
  stages: stagesPage,
  stage: stagePage,
  storage: storagePage,
  environment: environmentPage,
  executors: executorsPage,
  streaming: streamingPage,
  checkpoints: checkpointsPage,
};

const name = document.body.dataset['page'] ?? 'jobs';
const root = document.getElementById('content');
const status = document.getElementById('status');
const make = pages[name];
if (root !== null && status !== null && make !== undefined) runLive(make(root), status);
