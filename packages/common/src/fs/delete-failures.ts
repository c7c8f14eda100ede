/**
 * Failed deletes of data nobody needs any more (old RDD checkpoints, write-ahead log
 * segments, metadata-log files) are reported, never swallowed: Spark's cleaners
 * ignore them, and a checkpoint directory then grows without anyone knowing. Each
 * failure is one warning naming the path and the reason, and is counted here, per
 * process, where tests, the drill and a monitoring hook can read it.
 */
import { KindlingError } from '../errors/index.js';
import type { Logger } from '../log/index.js';

export interface DeleteFailure {
  readonly path: string;
  /** What the file was (e.g. "write-ahead log segment"). */
  readonly what: string;
  readonly reason: string;
  readonly time: number;
}

const RECENT = 100;
let failures = 0;
const recent: DeleteFailure[] = [];

/** Logs and counts a failed delete of `path`. */
export function reportDeleteFailure(logger: Logger, what: string, path: string, error: unknown): void {
  const reason = KindlingError.from(error).message;
  failures++;
  recent.push({ path, what, reason, time: Date.now() });
  if (recent.length > RECENT) recent.shift();
  logger.warn({ path, err: error }, `Could not delete ${what} ${path}: ${reason}`);
}

/** Failed deletes in this process so far, and the latest ones (at most 100). */
export function deleteFailures(): { readonly count: number; readonly recent: readonly DeleteFailure[] } {
  return { count: failures, recent: [...recent] };
}
