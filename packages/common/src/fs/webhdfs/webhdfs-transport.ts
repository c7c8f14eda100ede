/**
 * One WebHDFS request on Node's fetch: the URL (UTF-8 percent-encoding of every path
 * segment), `user.name`, a deadline on every attempt, typed errors, and retries with
 * exponential backoff — on connection errors, 5xx answers and the namenode's
 * transient exceptions, for idempotent operations only (a retried RENAME or APPEND
 * could act twice; STYLE.md §10).
 */
import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, KindlingError, RemoteFileSystemError, systemCodeOf } from '../../errors/index.js';
import { silentLogger, type Logger } from '../../log/index.js';
import type { WebHdfsOptions } from './webhdfs-options.js';
import { remoteCause, remoteError } from './remote-exception.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';
export type WebHdfsParams = Readonly<Record<string, string | number | boolean | undefined>>;

/** A request to the namenode, described for URL building, retries and error messages. */
export interface WebHdfsCall {
  readonly method: HttpMethod;
  readonly op: string;
  /** Absolute HDFS path, raw (not encoded). */
  readonly path: string;
  readonly params?: WebHdfsParams;
  /** Safe to send again after a lost answer. */
  readonly idempotent: boolean;
  /** Verb for messages: "Cannot <action> <uri>: …". */
  readonly action: string;
  /** Full URI of the path, for messages. */
  readonly uri: string;
}

export const webHdfsPrefix = '/webhdfs/v1';

/** Percent-encodes each segment as UTF-8; '/' separators stay. */
export function encodeHdfsPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export class WebHdfsTransport {
  readonly baseUrl: string;
  readonly user: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  private readonly maxRetries: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    readonly authority: string,
    readonly options: WebHdfsOptions,
  ) {
    this.baseUrl = `http://${authority}`;
    this.user = options.user ?? process.env['HADOOP_USER_NAME'] ?? safeUserName();
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.logger = options.logger ?? silentLogger();
    this.maxRetries = options.retry?.maxRetries ?? 3;
    this.initialBackoffMs = options.retry?.initialBackoffMs ?? 200;
    this.maxBackoffMs = options.retry?.maxBackoffMs ?? 5000;
  }

  url(path: string, op: string, params: WebHdfsParams = {}): URL {
    let query = `op=${op}&user.name=${encodeURIComponent(this.user)}`;
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) query += `&${key}=${encodeURIComponent(String(value))}`;
    }
    return new URL(`${this.baseUrl}${webHdfsPrefix}${encodeHdfsPath(path)}?${query}`);
  }

  /** A metadata operation answered with JSON (or an empty body, returned as undefined). */
  json<T>(call: WebHdfsCall): Promise<T | undefined> {
    return this.withRetries(call, async () => {
      const signal = AbortSignal.timeout(this.timeoutMs);
      try {
        const response = await fetch(this.url(call.path, call.op, call.params), { method: call.method, redirect: 'manual', signal });
        const text = await response.text();
        if (!response.ok) throw remoteError(response.status, text, call.action, call.uri);
        if (text.trim() === '') return undefined;
        try {
          return JSON.parse(text) as T;
        } catch (error) {
          throw new RemoteFileSystemError(
            `Cannot ${call.action} ${call.uri}: the namenode's answer to ${call.op} is not JSON: ${text.slice(0, 120)}`,
            'MalformedAnswer',
            response.status,
            { path: call.uri, cause: error },
          );
        }
      } catch (error) {
        throw this.networkError(error, call.action, call.uri, this.authority);
      }
    });
  }

  /**
   * Step 1 of CREATE/APPEND/OPEN/GETFILECHECKSUM: asks the namenode where the bytes
   * go, by its 307 Location or its `noredirect` JSON, and rewrites the datanode URL
   * when asked to. Step 1 moves no data, so it is retried like any idempotent call.
   */
  locate(call: WebHdfsCall): Promise<URL> {
    return this.withRetries({ ...call, idempotent: true }, () => this.locateOnce(call));
  }

  /** One attempt of `locate`, for callers that retry both steps together. */
  async locateOnce(call: WebHdfsCall): Promise<URL> {
    const noRedirect = this.options.noRedirect === true;
    const params = noRedirect ? { ...call.params, noredirect: true } : call.params;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const requestUrl = this.url(call.path, call.op, params);
    try {
      const response = await fetch(requestUrl, { method: call.method, redirect: 'manual', signal });
      const text = await response.text();
      let location: string | null | undefined;
      if (response.status === 307 || response.status === 302 || response.status === 303) {
        location = response.headers.get('location');
      } else if (response.ok && noRedirect) {
        location = parseLocation(text);
      } else if (!response.ok) {
        throw remoteError(response.status, text, call.action, call.uri);
      }
      if (location === undefined || location === null || location === '') {
        throw new RemoteFileSystemError(
          `Cannot ${call.action} ${call.uri}: the namenode answered ${call.op} with HTTP ${response.status} and no datanode location (is ${this.authority} a WebHDFS namenode?)`,
          'NoRedirect',
          response.status,
          { path: call.uri },
        );
      }
      const target = new URL(location, requestUrl);
      return this.options.rewriteDatanodeUrl?.(target) ?? target;
    } catch (error) {
      throw this.networkError(error, call.action, call.uri, this.authority);
    }
  }

  /** Runs `attempt`, retrying retryable failures of idempotent calls with exponential backoff. */
  async withRetries<T>(call: WebHdfsCall, attempt: () => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await attempt();
      } catch (error) {
        if (!call.idempotent || retry >= this.maxRetries || !isRetryable(error)) throw error;
        const backoff = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** retry) * (0.8 + Math.random() * 0.4);
        this.logger.warn({ op: call.op, uri: call.uri, retry: retry + 1, backoffMs: Math.round(backoff) }, `WebHDFS ${call.op} failed, retrying: ${(error as Error).message}`);
        await sleep(backoff);
      }
    }
  }

  /** Maps a fetch failure (timeout, refused connection, reset…) to a typed error naming the path. */
  networkError(error: unknown, action: string, uri: string, host: string): KindlingError {
    if (error instanceof KindlingError) return error;
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError') {
      return new KindlingError(ErrorCode.DeadlineExceeded, `Cannot ${action} ${uri}: no answer from ${host} within ${this.timeoutMs} ms`, {
        cause: error,
        path: uri,
      });
    }
    const code = systemCodeOf(error) ?? (error as { cause?: { code?: string } } | null)?.cause?.code;
    const reason = code ?? (error instanceof Error ? (errorCauseMessage(error) ?? error.message) : String(error));
    return new KindlingError(ErrorCode.Unavailable, `Cannot ${action} ${uri}: connection to ${host} failed (${reason})`, { cause: error, path: uri });
  }
}

/** Connection failures, 5xx answers and transient namenode states are worth another try. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof KindlingError)) return false;
  if (error.code === ErrorCode.Unavailable) return true;
  const remote = remoteCause(error);
  return remote !== undefined && remote.status >= 500;
}

function errorCauseMessage(error: Error): string | undefined {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : undefined;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'kindling';
  }
}

/** The `Location` of a noredirect answer; undefined when the body is not that JSON. */
function parseLocation(text: string): string | undefined {
  try {
    const location = (JSON.parse(text) as { Location?: unknown }).Location;
    return typeof location === 'string' ? location : undefined;
  } catch {
    return undefined;
  }
}
