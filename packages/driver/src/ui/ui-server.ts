/**
 * The HTTP server of the driver UI and of `kindling history` (Spark's WebUI on
 * Jetty): `/api/v1/…` answered from the status stores (rest/rest-api.ts), every
 * other GET or HEAD handed to the pages (ui-pages.ts), and 404 for what neither
 * serves. node:http, no framework: the routes are a handful of path prefixes, and
 * the server must start in every driver without weighing on it.
 *
 * Ports as Spark binds them: when the port asked for is taken, the next one up,
 * up to `maxRetries` more (spark.port.maxRetries, 16); port 0 takes any free port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ErrorCode, KindlingError, type Logger } from '@kindling/common';
import { RestAnswerCache, matchesEtag } from './rest/rest-answer-cache.js';
import { API_ROOT, type StatusSource } from './rest/rest-api.js';
import type { UiPageContext, UiPages } from './ui-pages.js';

export const DEFAULT_PORT_MAX_RETRIES = 16;

/** The UI could not bind any port it was allowed to try. */
export class UiBindError extends KindlingError {
  override readonly name = 'UiBindError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Unavailable, message, options);
  }
}

export interface UiServerOptions {
  /** Address to bind (the driver's host). */
  readonly host: string;
  /** First port to try; 0 for any free port. */
  readonly port: number;
  readonly maxRetries?: number;
  readonly source: StatusSource;
  readonly pages: UiPages;
  /** The page context of a request (which application a page is about). */
  readonly pageContext: (url: URL) => UiPageContext;
  readonly logger: Logger;
  /** After the retries, take any free port (with a warning) instead of failing. */
  readonly fallBackToAnyPort?: boolean;
  /** "Kindling UI" or "history server", for the log line. */
  readonly what: string;
}

export class UiServer {
  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
  ) {}

  /** http://host:port, with the host users can reach (the machine's address when bound to all). */
  get url(): string {
    const host = this.host === '0.0.0.0' || this.host === '::' ? 'localhost' : this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}`;
  }

  static async start(options: UiServerOptions): Promise<UiServer> {
    const maxRetries = options.port === 0 ? 0 : (options.maxRetries ?? DEFAULT_PORT_MAX_RETRIES);
    let lastError: unknown;
    const cache = new RestAnswerCache(options.source);
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      const port = options.port === 0 ? 0 : options.port + attempt;
      if (port > 65535) break;
      const server = createServer((req, res) => void handleRequest(req, res, options, cache));
      // Polling pages keep connections alive; closing the server must not wait for them.
      server.keepAliveTimeout = 5_000;
      try {
        const bound = await listen(server, options.host, port);
        const ui = new UiServer(server, options.host, bound);
        options.logger.info({ port: bound }, `Started ${options.what} at ${ui.url}`);
        return ui;
      } catch (error) {
        lastError = error;
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') break;
        options.logger.warn(`Service '${options.what}' could not bind on port ${port}. Attempting port ${port + 1}.`);
      }
    }
    const last = options.port === 0 ? 'a free port' : `ports ${options.port} to ${Math.min(65535, options.port + maxRetries)}`;
    if (options.fallBackToAnyPort === true && options.port !== 0 && (lastError as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      options.logger.warn(`${last} are all taken; the ${options.what} takes any free port`);
      return UiServer.start({ ...options, port: 0, fallBackToAnyPort: false });
    }
    throw new UiBindError(
      `Cannot start the ${options.what} on ${options.host}, ${last}: ${(lastError as Error | undefined)?.message ?? 'no port left'}; choose another with --ui-port (0 for any free port) or set kindling.ui.enabled=false`,
      { cause: lastError },
    );
  }

  /** Stops accepting connections and closes the open ones (idle keep-alive sockets included). */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, options: UiServerOptions, cache: RestAnswerCache): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('The Kindling UI only answers GET and HEAD\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://ui');
    if (url.pathname === API_ROOT || url.pathname.startsWith(`${API_ROOT}/`)) {
      const answer = cache.answer(url.pathname.slice(API_ROOT.length), url.searchParams);
      if (answer.etag !== undefined && matchesEtag(req.headers['if-none-match'], answer.etag)) {
        res.writeHead(304, { etag: answer.etag, 'cache-control': 'no-cache' });
        res.end();
        return;
      }
      // no-cache, not no-store: a browser may keep the answer, and must ask (If-None-Match) before using it.
      const headers: Record<string, string | number> = { 'content-type': answer.contentType, 'content-length': answer.body.length, 'cache-control': 'no-cache' };
      if (answer.etag !== undefined) headers['etag'] = answer.etag;
      res.writeHead(answer.status, headers);
      res.end(req.method === 'HEAD' ? undefined : answer.body);
      return;
    }
    if (await options.pages.handle(req, res, options.pageContext(url))) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : `Not found: ${url.pathname}\n`);
  } catch (error) {
    options.logger.warn({ err: error, url: req.url }, `The ${options.what} failed to answer ${req.url ?? ''}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end();
  }
}
