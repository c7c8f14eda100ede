/**
 * The entry of every page: the server sends one HTML shell whose `data-page` names
 * the page; this module loads that page's module alone and starts its live updates
 * in `#content`. Only the Streaming page needs uPlot (145 KB) and only the stage
 * page dagre: imported statically from here, every page load would fetch and compile
 * both, the dearest part of loading a page that draws neither. The nav bar's links
 * start their page in this document (navigation.ts).
 */
import { runLive, type LivePage } from './live.js';
import { enableInPlaceNavigation } from './navigation.js';

type PageModule = Promise<(root: HTMLElement) => LivePage>;

const pages: Record<string, () => PageModule> = {
  applications: async () => (await import('./pages/applications.js')).applicationsPage,
  jobs: async () => (await import('./pages/jobs.js')).jobsPage,
  job: async () => (await import('./pages/job.js')).jobPage,
  stages: async () => (await import('./pages/stages.js')).stagesPage,
  stage: async () => (await import('./pages/stage.js')).stagePage,
  storage: async () => (await import('./pages/storage.js')).storagePage,
  environment: async () => (await import('./pages/environment.js')).environmentPage,
  executors: async () => (await import('./pages/executors.js')).executorsPage,
  streaming: async () => (await import('./pages/streaming.js')).streamingPage,
  batch: async () => (await import('./pages/batch.js')).batchPage,
  checkpoints: async () => (await import('./pages/checkpoints.js')).checkpointsPage,
};

/** Starts the page the document names (body data-page) in #content; returns what stops it. */
function startPage(): () => void {
  const name = document.body.dataset['page'] ?? 'jobs';
  const root = document.getElementById('content');
  const status = document.getElementById('status');
  const load = pages[name];
  if (root === null || status === null || load === undefined) return () => undefined;
  let stop: (() => void) | undefined;
  let stopped = false;
  load().then(
    (make) => {
      if (!stopped) stop = runLive(make(root), status);
    },
    (error: unknown) => {
      status.textContent = `could not load the page: ${error instanceof Error ? error.message : String(error)}`;
      status.className = 'status failed';
    },
  );
  return () => {
    stopped = true;
    stop?.();
  };
}

enableInPlaceNavigation(startPage);
