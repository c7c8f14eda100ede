/**
 * The one HTML document every page is: a nav bar, a status line and an empty
 * `#content` that the page's module (ui-web's main.js) fills from the REST API and
 * keeps current. Where the REST API and the application are, and the prefix of the
 * page links (history pages live under /history/<appId>[/<attemptId>]), are written
 * into the body's data attributes, so the browser code never guesses them.
 */
export const PAGES = [
  { name: 'jobs', path: 'jobs/', title: 'Jobs' },
  { name: 'stages', path: 'stages/', title: 'Stages' },
  { name: 'storage', path: 'storage/', title: 'Storage' },
  { name: 'environment', path: 'environment/', title: 'Environment' },
  { name: 'executors', path: 'executors/', title: 'Executors' },
  { name: 'streaming', path: 'streaming/', title: 'Streaming' },
  { name: 'checkpoints', path: 'checkpoints/', title: 'Checkpoints' },
] as const;

/** Pages that are not tabs of their own: they belong to the tab named by `tab`. */
export const SUB_PAGES = [
  { name: 'job', path: 'jobs/job/', title: 'Job', tab: 'jobs' },
  { name: 'stage', path: 'stages/stage/', title: 'Stage', tab: 'stages' },
  { name: 'batch', path: 'streaming/batch/', title: 'Batch', tab: 'streaming' },
] as const;

/** kindling.ui.refreshInterval's default: see ui-web's refresh.ts for why not faster. */
export const DEFAULT_REFRESH_MS = 5000;

export type PageName = (typeof PAGES)[number]['name'] | (typeof SUB_PAGES)[number]['name'] | 'applications';

export interface ShellParams {
  readonly page: PageName;
  readonly title: string;
  /** Prefix of the page links: '' live, '/history/<appId>[/<attemptId>]' in history. */
  readonly base: string;
  readonly apiRoot: string;
  /** `${apiRoot}/applications/<appId>[/<attemptId>]`, or undefined on the application list. */
  readonly appPath: string | undefined;
  readonly appName: string | undefined;
  readonly mode: 'live' | 'history';
  /**
   * Where /static/ is for this page: '/static/v-<digest>' names the build of the
   * files (html-ui-pages.ts), so the browser may keep them without asking again.
   * Default '/static'.
   */
  readonly staticRoot?: string;
  /** How often the pages update (kindling.ui.refreshInterval); the user may choose another in the header. */
  readonly refreshMs?: number | undefined;
}

/** The intervals the header's control offers, with the driver's own added when it is not one of them. */
const REFRESH_CHOICES_MS = [1000, 2000, 5000, 10_000, 30_000];

function refreshControl(defaultMs: number): string {
  const choices = [...new Set([...REFRESH_CHOICES_MS, defaultMs])].sort((a, b) => a - b);
  const options = choices.map((ms) => `<option value="${ms}"${ms === defaultMs ? ' selected' : ''}>${ms / 1000} s</option>`);
  return `<label class="refresh">refresh every <select id="refresh" data-testid="refresh">${options.join('')}<option value="0">paused</option></select></label>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderShell(p: ShellParams): string {
  const tab = SUB_PAGES.find((s) => s.name === p.page)?.tab ?? p.page;
  const nav = p.appPath === undefined
    ? ''
    : PAGES.map((pg) => `<a href="${escapeHtml(`${p.base}/${pg.path}`)}"${pg.name === tab ? ' class="active"' : ''}>${pg.title}</a>`).join('');
  const app = p.appName === undefined ? '' : ` <span class="app-name">${escapeHtml(p.appName)}</span>`;
  const home = p.mode === 'history' ? '<a class="home" href="/">History</a>' : '';
  // The import map lets the browser modules import the libraries by their package
  // names, served from node_modules by this server: nothing comes from the network.
  const root = p.staticRoot ?? '/static';
  const refreshMs = p.refreshMs ?? DEFAULT_REFRESH_MS;
  const importMap = JSON.stringify({
    imports: { uplot: `${root}/vendor/uplot/uPlot.esm.js`, '@dagrejs/dagre': `${root}/vendor/dagre/dagre.esm.js` },
  });
  const data = [
    ['page', p.page],
    ['api-root', p.apiRoot],
    ['app-path', p.appPath],
    ['base', p.base],
    ['mode', p.mode],
    ['refresh-ms', String(refreshMs)],
  ]
    .filter((kv): kv is [string, string] => kv[1] !== undefined)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  // Where a reader without JavaScript (or a script) finds the same data.
  const rest = p.appPath === undefined ? `${p.apiRoot}/applications` : `${p.appPath}/jobs`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}${p.appName === undefined ? '' : ` - ${escapeHtml(p.appName)}`} - Kindling</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(root)}/vendor/uplot/uPlot.min.css">
<link rel="stylesheet" href="${escapeHtml(root)}/kindling.css">
<script type="importmap">${importMap}</script>
<script type="module" src="${escapeHtml(root)}/app/main.js"></script>
</head>
<body${data}>
<header><span class="brand">Kindling</span>${home}<nav>${nav}</nav>${app}<span id="status" class="status" data-testid="status">loading…</span>${refreshControl(refreshMs)}</header>
<main id="content" data-testid="content"><h1>${escapeHtml(p.title)}</h1>
<noscript>These pages need JavaScript. The REST API answers without it: <a href="${escapeHtml(rest)}">${escapeHtml(rest)}</a></noscript></main>
</body>
</html>
`;
}
