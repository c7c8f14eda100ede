/**
 * One WebHDFS request on node:http (webhdfs-http.ts): the URL (UTF-8 percent-encoding of every path
 * segment), `user.name`, a deadline on every attempt, typed errors, and retries with
 * exponential backoff — on connection errors, 5xx answers and the namenode's
 * transient exceptions, for idempotent operations only (a retried RENAME or APPEND
 * could act twice; STYLE.md §10).
 */
import type { Agent, OutgoingHttpHeaders } from 'node:http';
import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, KindlingError, RemoteFileSystemError, systemCodeOf } from '../../errors/index.js';
import { silentLogger, type Logger } from '../../log/index.js';
import type { WebHdfsOptions } from './webhdfs-options.js';
import { remoteCause, remoteError } from './remote-exception.js';
import { deadlineError, exchange, newKeepAliveAgent, type HttpAnswer, type HttpMethod } from './webhdfs-http.js';

export type { HttpMethod } from './webhdfs-http.js';
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
  /** Keep-alive connections to the namenode and datanodes, for requests that may be retried. */
  readonly agent: Agent = newKeepAliveAgent();
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
      try {
        const { status, text } = await this.exchange(this.url(call.path, call.op, call.params), call.method, call.action, call.uri, this.authority);
        if (!isOk(status)) throw remoteError(status, text, call.action, call.uri);
        if (text.trim() === '') return undefined;
        try {
          return JSON.parse(text) as T;
        } catch (error) {
          throw new RemoteFileSystemError(
            `Cannot ${call.action} ${call.uri}: the namenode's answer to ${call.op} is not JSON: ${text.slice(0, 120)}`,
            'MalformedAnswer',
            status,
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
    const requestUrl = this.url(call.path, call.op, params);
    try {
      const { status, location: redirect, text } = await this.exchange(requestUrl, call.method, call.action, call.uri, this.authority);
      let location: string | undefined;
      if (status === 307 || status === 302 || status === 303) {
        location = redirect;
      } else if (isOk(status) && noRedirect) {
        location = parseLocation(text);
      } else if (!isOk(status)) {
        throw remoteError(status, text, call.action, call.uri);
      }
      if (location === undefined || location === '') {
        throw new RemoteFileSystemError(
          `Cannot ${call.action} ${call.uri}: the namenode answered ${call.op} with HTTP ${status} and no datanode location (is ${this.authority} a WebHDFS namenode?)`,
          'NoRedirect',
          status,
          { path: call.uri },
        );
      }
      const target = new URL(location, requestUrl);
      return this.options.rewriteDatanodeUrl?.(target) ?? target;
    } catch (error) {
      throw this.networkError(error, call.action, call.uri, this.authority);
    }
  }

  /** One small request and its whole answer, within the deadline. */
  exchange(url: URL, method: HttpMethod, action: string, uri: string, host: string, headers: OutgoingHttpHeaders = {}): Promise<HttpAnswer> {
    return exchange(
      url,
      method,
      this.agent,
      this.timeoutMs,
      () => deadlineError(`Cannot ${action} ${uri}: no answer from ${host} within ${this.timeoutMs} ms`, uri),
      headers,
    );
  }

  /** Drops the pooled connections; requests in flight go on. */
  close(): void {
    this.agent.destroy();
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

  /** Maps a socket failure (refused connection, reset…) to a typed error naming the path. */
  networkError(error: unknown, action: string, uri: string, host: string): KindlingError {
    if (error instanceof KindlingError) return error;
    const code = systemCodeOf(error) ?? (error as { code?: unknown } | null)?.code;
    const reason = typeof code === 'string' ? code : (error instanceof Error ? (errorCauseMessage(error) ?? error.message) : String(error));
    return new KindlingError(ErrorCode.Unavailable, `Cannot ${action} ${uri}: connection to ${host} failed (${reason})`, { cause: error, path: uri });
  }
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
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
