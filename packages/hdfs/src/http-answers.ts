/** Writing WebHDFS answers: JSON bodies, empty bodies, RemoteException errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@kindling/common';
import { Hdfs, HdfsException, fromLocalError } from './hdfs-exception.js';
import { splitUrl, webHdfsPrefix } from './webhdfs-request.js';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
  res.end(bytes);
}

/** An empty answer, as Hadoop sends for CREATE (201), APPEND, CONCAT and RENAME with options (200). */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/octet-stream', 'Content-Length': 0, ...headers });
  res.end();
}

export function sendException(res: ServerResponse, error: HdfsException): void {
  const bytes = Buffer.from(error.toJson());
  res.writeHead(error.status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
  res.end(bytes);
}

/**
 * Wraps a handler: HdfsExceptions become RemoteException answers, errors of the backing
 * directory the exception HDFS would raise, anything else a 500 (logged); an error after the headers went out can only cut the connection.
 */
export function answering(
  logger: Logger,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const failure = toHdfsException(error, req);
      if (failure.status >= 500) logger.error({ err: error, url: req.url }, 'WebHDFS request failed unexpectedly');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A body the client is still sending is read and dropped, so the client reads
      // this answer instead of a reset connection.
      req.resume();
      sendException(res, failure);
    });
  };
}

function toHdfsException(error: unknown, req: IncomingMessage): HdfsException {
  if (error instanceof HdfsException) return error;
  if (typeof (error as { code?: unknown } | null)?.code === 'string') {
    const { pathname } = splitUrl(req.url ?? '/');
    let path = pathname.startsWith(webHdfsPrefix) ? pathname.slice(webHdfsPrefix.length) || '/' : pathname;
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep the raw spelling
    }
    return fromLocalError(error, path);
  }
  return Hdfs.internal(error instanceof Error ? error.message : String(error));
}
