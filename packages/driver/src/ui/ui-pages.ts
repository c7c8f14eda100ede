/**
 * The contract between the UI server (ui-server.ts, REST API and ports) and the
 * HTML pages, which are built separately and plug in here.
 *
 * The server answers `/api/v1/…` itself (rest/rest-api.ts, Spark's paths and JSON)
 * and hands every other GET or HEAD request to `UiPages.handle`, in particular:
 *
 *   /static/*         the pages' scripts, styles, fonts and libraries
 *   /                 the Jobs page (Spark's root redirects to /jobs/)
 *   /jobs/  /jobs/job/?id=N  /stages/  /stages/stage/?id=N&attempt=M
 *   /storage/  /environment/  /executors/  /streaming/  /streaming/batch/?id=<batch time ms>
 *   /checkpoints/
 *   (and, in the history server, /history/<appId>[/<attemptId>]/<page>/)
 *
 * Contract:
 * - `handle` writes a complete answer (status, headers, body) and returns true, or
 *   returns false without touching `res` for a path it does not serve (the server
 *   then answers 404 with one line of text). It may be async.
 * - Pages get their data only from the REST API, under `context.apiRoot` (for
 *   example `${apiRoot}/applications/${appId}/jobs`), by polling or server-sent
 *   events of their own: the server gives them no other access to the status store,
 *   so the same pages work live and in `kindling history`. `context.appId` is the
 *   application the page is about (live: the driver's own; history: the one chosen
 *   in the URL; undefined on the history server's application list).
 * - Nothing may come from the network: libraries are served from node_modules
 *   under /static/.
 * - `handle` must not throw; a rejected promise is answered with 500 and logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface UiPageContext {
  /** 'live' for a running driver, 'history' for `kindling history`. */
  readonly mode: 'live' | 'history';
  /** Where the REST API is: '/api/v1'. */
  readonly apiRoot: string;
  /** The application shown, when one is. */
  readonly appId: string | undefined;
  /** Its attempt, when it has several (history). */
  readonly attemptId: string | undefined;
  /** The application's name, for titles. */
  readonly appName: string | undefined;
  /** How often the pages update, ms (kindling.ui.refreshInterval; the pages' own default when absent). */
  readonly refreshIntervalMs?: number;
}

export interface UiPages {
  handle(req: IncomingMessage, res: ServerResponse, context: UiPageContext): boolean | Promise<boolean>;
}

/**
 * The stand-in until the HTML pages land: every page route answers one plain-text
 * page that lists the REST endpoints with live links, so the server is useful from
 * the first day and the routing is exercised by tests.
 */
export class TextUiPages implements UiPages {
  private static readonly routes = ['/', '/jobs/', '/stages/', '/stages/stage/', '/storage/', '/environment/', '/executors/', '/streaming/', '/checkpoints/'];

  handle(req: IncomingMessage, res: ServerResponse, context: UiPageContext): boolean {
    const path = new URL(req.url ?? '/', 'http://ui').pathname;
    if (!TextUiPages.routes.includes(path) && !TextUiPages.routes.includes(`${path}/`)) return false;
    const app = context.appId === undefined ? '' : `/applications/${encodeURIComponent(context.appId)}`;
    const endpoints = ['jobs', 'stages', 'executors', 'allexecutors', 'storage/rdd', 'environment', 'streaming/statistics', 'streaming/batches', 'streaming/receivers', 'checkpoints'];
    const lines = [
      `Kindling ${context.mode === 'live' ? 'UI' : 'history server'}${context.appName === undefined ? '' : `: ${context.appName}`}`,
      '',
      'The HTML pages are not installed in this build; the REST API answers:',
      `  ${context.apiRoot}/applications`,
      ...(app === '' ? [] : endpoints.map((e) => `  ${context.apiRoot}${app}/${e}`)),
      '',
    ];
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : lines.join('\n'));
    return true;
  }
}
