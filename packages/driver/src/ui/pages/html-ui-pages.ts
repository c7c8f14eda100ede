/**
 * The HTML pages of the UI (ui-pages.ts's contract): each page route answers the
 * page shell, and /static/ serves the pages' compiled browser modules and stylesheet
 * (package @kindling/ui-web) and the chart and graph-layout libraries from
 * node_modules (uPlot, dagre). Only files listed when the pages are created are
 * served, so no request path can reach another file on the driver's disk.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { matchesEtag } from '../rest/rest-answer-cache.js';
import type { UiPageContext, UiPages } from '../ui-pages.js';
import { PAGES, SUB_PAGES, renderShell, type PageName } from './page-shell.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface StaticFile {
  readonly path: string;
  readonly type: string;
}

/** The URL paths of /static/ and the files behind them. */
export function staticFiles(): Map<string, StaticFile> {
  const require = createRequire(import.meta.url);
  const webDir = dirname(require.resolve('@kindling/ui-web/package.json'));
  const fromWeb = createRequire(join(webDir, 'package.json'));
  const uplotDir = join(dirname(fromWeb.resolve('uplot/package.json')), 'dist');
  const dagreDir = join(dirname(fromWeb.resolve('@dagrejs/dagre/package.json')), 'dist');
  const files = new Map<string, StaticFile>();
  const add = (url: string, path: string): void => {
    const ext = path.slice(path.lastIndexOf('.'));
    const type = CONTENT_TYPES[ext];
    if (type !== undefined) files.set(url, { path, type });
  };
  const distDir = join(webDir, 'dist');
  for (const path of listFiles(distDir)) if (path.endsWith('.js')) add(`/static/app/${relative(distDir, path).split(sep).join('/')}`, path);
  add('/static/kindling.css', join(webDir, 'static', 'kindling.css'));
  add('/static/vendor/uplot/uPlot.esm.js', join(uplotDir, 'uPlot.esm.js'));
  add('/static/vendor/uplot/uPlot.min.css', join(uplotDir, 'uPlot.min.css'));
  add('/static/vendor/dagre/dagre.esm.js', join(dagreDir, 'dagre.esm.js'));
  return files;
}

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const ROUTES: readonly { readonly suffix: string; readonly page: PageName; readonly title: string }[] = [
  ...SUB_PAGES.map((p) => ({ suffix: `/${p.path}`, page: p.name, title: p.title })),
  ...PAGES.map((p) => ({ suffix: `/${p.path}`, page: p.name, title: p.title })),
];

/** Which page a path asks for, and the prefix before it ('' live, '/history/<app>[/<attempt>]'). */
export function routeOf(path: string): { page: PageName; title: string; base: string } | undefined {
  const withSlash = path.endsWith('/') ? path : `${path}/`;
  for (const r of ROUTES) {
    if (withSlash.endsWith(r.suffix)) {
      const base = withSlash.slice(0, withSlash.length - r.suffix.length);
      if (base === '' || base.startsWith('/history/')) return { page: r.page, title: r.title, base };
    }
  }
  // The root of an application is its Jobs page, as Spark's.
  if (withSlash === '/' || /^\/history\/[^/]+\/(?:[^/]+\/)?$/.test(withSlash)) return { page: 'jobs', title: 'Jobs', base: withSlash.slice(0, -1) };
  return undefined;
}

export class HtmlUiPages implements UiPages {
  private readonly files = staticFiles();
  private readonly cache = new Map<string, { readonly body: Buffer; readonly etag: string }>();
  private digest: string | undefined;

  /** Whether the compiled page modules are there to serve (not before `tsc -b`). */
  installed(): boolean {
    return this.files.has('/static/app/main.js');
  }

  handle(req: IncomingMessage, res: ServerResponse, context: UiPageContext): boolean {
    const path = new URL(req.url ?? '/', 'http://ui').pathname;
    if (path.startsWith('/static/')) return this.serveStatic(path, req, res);
    const route = routeOf(path);
    if (route === undefined) return false;
    // The history server's list of applications has no application yet.
    const onList = context.appId === undefined;
    const appPath = onList
      ? undefined
      : `${context.apiRoot}/applications/${encodeURIComponent(context.appId)}${context.attemptId === undefined ? '' : `/${encodeURIComponent(context.attemptId)}`}`;
    const html = renderShell({
      page: onList ? 'applications' : route.page,
      title: onList ? 'Applications' : route.title,
      base: route.base,
      apiRoot: context.apiRoot,
      appPath,
      appName: context.appName,
      mode: context.mode,
      staticRoot: `/static/v-${this.buildDigest()}`,
      refreshMs: context.refreshIntervalMs,
    });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : html);
    return true;
  }

  /**
   * One digest of every static file's content, read once: the pages ask for their
   * files under /static/v-<digest>/, so a page load needs no request at all for a
   * file the browser has (it was a dozen revalidations, each a round trip through
   * the browser's network stack and this server), and a driver of another build
   * on the same port names other URLs.
   */
  private buildDigest(): string {
    if (this.digest === undefined) {
      const hash = createHash('sha1');
      for (const url of [...this.files.keys()].sort()) hash.update(url).update(this.content(url)!.etag);
      this.digest = hash.digest('base64url').slice(0, 12);
    }
    return this.digest;
  }

  private content(path: string): { readonly body: Buffer; readonly etag: string } | undefined {
    const file = this.files.get(path);
    if (file === undefined) return undefined;
    let cached = this.cache.get(path);
    if (cached === undefined) {
      const body = readFileSync(file.path);
      cached = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
      this.cache.set(path, cached);
    }
    return cached;
  }

  private serveStatic(requested: string, req: IncomingMessage, res: ServerResponse): boolean {
    // /static/v-<digest>/x is /static/x of the build with that digest: cacheable for
    // good when it is this build's; any other digest (a page from before a restart
    // on the same port) is answered with this build's file, revalidated as below.
    const versioned = /^\/static\/v-([A-Za-z0-9_-]+)(\/.*)$/.exec(requested);
    const path = versioned === null ? requested : `/static${versioned[2]}`;
    const immutable = versioned !== null && versioned[1] === this.buildDigest();
    const file = this.files.get(path);
    if (file === undefined) return false;
    const cached = this.content(path)!;
    if (immutable) {
      res.writeHead(200, { 'content-type': file.type, 'content-length': cached.body.length, 'cache-control': 'public, max-age=31536000, immutable', etag: cached.etag });
      res.end(req.method === 'HEAD' ? undefined : cached.body);
      return true;
    }
    // Revalidated on every load (no-cache), answered 304 when unchanged: each page
    // load asks for a dozen modules and uPlot's 145 KB, which need not travel again.
    if (matchesEtag(req.headers['if-none-match'], cached.etag)) {
      res.writeHead(304, { etag: cached.etag, 'cache-control': 'no-cache' });
      res.end();
      return true;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': cached.body.length, 'cache-control': 'no-cache', etag: cached.etag });
    res.end(req.method === 'HEAD' ? undefined : cached.body);
    return true;
  }
}
