/**
 * REST answers serialized once per status-store version, with an ETag, so that a
 * page polling a resource that has not changed costs the driver a map lookup and a
 * 304 without a body, and two pages (or two users) polling the same resource
 * between two events share one JSON.stringify.
 *
 * An answer's stamp is the version of every store the source holds (each store's
 * process-unique id and its count of applied events): any event, in any store,
 * makes a new stamp, which is conservative (an answer about one application of the
 * history server is rebuilt when another's log grows) and cannot serve a stale
 * answer. The stamp starts with an id drawn when the process starts, so a driver
 * restarted on the same port never matches an ETag its predecessor handed out.
 *
 * Every answer below /applications depends on the stores alone (an attempt's
 * lastUpdated is its last event's time, not the clock's), so every 200 is cached;
 * errors and /version are built each time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { answerApi, type StatusSource } from './rest-api.js';

export interface SerializedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
  /** Present on answers a client may revalidate with If-None-Match. */
  readonly etag: string | undefined;
}

const PROCESS_ID = randomBytes(4).toString('hex');

/** How many distinct URLs keep an answer: the pages poll about a dozen. */
const MAX_ENTRIES = 128;

interface Entry {
  readonly stamp: string;
  readonly answer: SerializedAnswer;
}

export class RestAnswerCache {
  private readonly entries = new Map<string, Entry>();
  /** Answers built and answers served from the cache, for tests and the bench. */
  built = 0;
  reused = 0;

  constructor(private readonly source: StatusSource) {}

  /** The answer to `path` (below /api/v1) and its query string. */
  answer(path: string, query: URLSearchParams): SerializedAnswer {
    if (!isStoreResource(path)) return this.build(path, query, undefined);
    const stamp = this.stamp();
    const key = `${path}?${query.toString()}`;
    const cached = this.entries.get(key);
    if (cached !== undefined && cached.stamp === stamp) {
      this.reused++;
      return cached.answer;
    }
    const answer = this.build(path, query, stamp);
    if (answer.etag === undefined) return answer;
    // Re-inserted so that the oldest key is the least recently rebuilt one.
    this.entries.delete(key);
    this.entries.set(key, { stamp, answer });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return answer;
  }

  private build(path: string, query: URLSearchParams, stamp: string | undefined): SerializedAnswer {
    this.built++;
    const answer = answerApi(path, query, this.source);
    if (answer.status !== 200) {
      return { status: answer.status, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`${String(answer.body)}\n`), etag: undefined };
    }
    // Compact JSON: the pages poll these answers, and indentation would double
    // the bytes to write and parse (`jq .` reads them for people).
    const body = Buffer.from(JSON.stringify(answer.body));
    return { status: 200, contentType: 'application/json; charset=utf-8', body, etag: stamp === undefined ? undefined : etagOf(stamp) };
  }

  private stamp(): string {
    let stamp = PROCESS_ID;
    for (const store of this.source.stores()) stamp += `.${store.uid}:${store.eventCount}`;
    return stamp;
  }
}

/** Whether an If-None-Match header names `etag` (a list, weak or strong, or *). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function isStoreResource(path: string): boolean {
  return path.split('/').find((p) => p !== '') === 'applications';
}

function etagOf(stamp: string): string {
  // A history server's stamp names every store it holds: hashed to a short tag.
  return `"${stamp.length <= 48 ? stamp : createHash('sha1').update(stamp).digest('base64url')}"`;
}
