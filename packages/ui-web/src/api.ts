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

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new ApiError(path, res.status);
  return (await res.json()) as T;
}

export interface ApplicationAttempt {
  readonly attemptId?: string;
  readonly startTime: string;
  readonly endTime?: string;
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
