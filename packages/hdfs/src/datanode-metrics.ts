/**
 * What the datanode endpoint has served, as a Hadoop datanode publishes it on its
 * HTTP port's `/jmx` (the DataNodeActivity bean: BytesRead, ReadsFromLocalClient,
 * ReadsFromRemoteClient), plus the short-circuit answers Kindling adds. It tells an
 * operator — and a test — whether readers on this host really bypass HTTP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-answers.js';

export class DatanodeMetrics {
  /** Bytes sent in OPEN answers. */
  bytesRead = 0;
  readsFromLocalClient = 0;
  readsFromRemoteClient = 0;
  /** GETBLOCKLOCALPATHINFO answers that gave a local client a file's path. */
  shortCircuitGrants = 0;
  /** GETBLOCKLOCALPATHINFO requests refused because the client was not on this host. */
  shortCircuitRefusals = 0;

  toBean(): Record<string, string | number> {
    return {
      name: 'Hadoop:service=DataNode,name=DataNodeActivity-embedded',
      modelerType: 'DataNodeActivity-embedded',
      BytesRead: this.bytesRead,
      ReadsFromLocalClient: this.readsFromLocalClient,
      ReadsFromRemoteClient: this.readsFromRemoteClient,
      ShortCircuitGrants: this.shortCircuitGrants,
      ShortCircuitRefusals: this.shortCircuitRefusals,
    };
  }
}

/** `GET /jmx` (Hadoop's JMXJsonServlet shape: `{"beans": [...]}`); false (nothing sent) for any other URL. */
export function answerJmx(metrics: DatanodeMetrics, req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '';
  if (req.method !== 'GET' || (url !== '/jmx' && !url.startsWith('/jmx?'))) return false;
  sendJson(res, 200, { beans: [metrics.toBean()] });
  return true;
}
