/**
 * The REST API the pages read: Spark's /api/v1 paths, served by the same driver (or
 * history server) that served the page, so every path is relative to the origin.
 * The server writes the application's REST path into the page (body data-app-path):
 * a driver serves its own, the history server the one chosen in the URL.
 */
export class ApiError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    super(`GET ${path} answered ${status}`);
  }
}

/**
 * How long an answer may take before a poll gives up on it. A fetch has no timeout
 * of its own: a poll whose answer never comes (a driver stopped by SIGSTOP, a
 * connection a sleeping laptop's network dropped) would hold the page's updates for
 * good, one poll at a time (live.ts), with the status line still saying when it
 * last updated. It fails instead, says so, and the next poll tries again.
 */
export const ANSWER_TIMEOUT_MS = 10_000;

/** The last answer of each path with its ETag: an unchanged resource is not sent again. */
const answers = new Map<string, { readonly etag: string; readonly value: unknown }>();

/**
 * GET `path` as JSON. When the driver says the resource has not changed since the
 * answer kept for it (304 to If-None-Match), that answer is returned again, the
 * same object, so a page can tell that nothing changed (live.ts, sameAnswers).
 * The browser's own cache is bypassed: it would hand the kept body back as a fresh
 * 200 and hide the difference.
 */
export async function getJson<T>(path: string): Promise<T> {
  const known = answers.get(path);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (known !== undefined) headers['if-none-match'] = known.etag;
  let res: Response;
  let value: T;
  try {
    // The signal covers the body's read as well as the headers'.
    res = await fetch(path, { headers, cache: 'no-store', signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
    if (res.status === 304 && known !== undefined) return known.value as T;
    if (!res.ok) throw new ApiError(path, res.status);
    value = (await res.json()) as T;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') throw new Error(`GET ${path} had no answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
    throw error;
  }
  const etag = res.headers.get('etag');
  if (etag === null) answers.delete(path);
  else answers.set(path, { etag, value });
  return value;
}

export interface ApplicationAttempt {
  readonly attemptId?: string;
  readonly startTime: string;
  readonly endTime?: string;
  readonly lastUpdated?: string;
  readonly duration?: number;
  readonly completed: boolean;
}

export interface ApplicationInfo {
  readonly id: string;
  readonly name: string;
  readonly attempts: readonly ApplicationAttempt[];
}

/** Where the REST API is ('/api/v1'), as the server wrote it into the page. */
export function apiRoot(): string {
  return document.body.dataset['apiRoot'] ?? '/api/v1';
}

/** The prefix of page links: '' live, '/history/<appId>[/<attemptId>]' in history. */
export function pageBase(): string {
  return document.body.dataset['base'] ?? '';
}

/** GET <apiRoot>/applications/<appId>[/<attemptId>]<path>: the server names the application in the page. */
export async function appJson<T>(path: string): Promise<T> {
  const appPath = document.body.dataset['appPath'];
  if (appPath === undefined) throw new Error('this page names no application');
  return getJson<T>(`${appPath}${path}`);
}

/** Spark writes dates as "2026-12-05T18:57:24.123GMT"; Date.parse wants a Z. */
export function parseSparkDate(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value.replace(/GMT$/, 'Z'));
  return Number.isNaN(ms) ? undefined : ms;
}
