/**
 * How a stream rides out storage that cannot be reached for a while (issue 10: the
 * WebHDFS server down for 20 s must not kill a stream). A metadata checkpoint write
 * (checkpoint-writer.ts) or a batch's output job (job-scheduler.ts) that fails with
 * UNAVAILABLE — a refused or reset connection, no answer — is tried again with a
 * growing backoff until `kindling.streaming.unavailableRetryTimeout` has passed since
 * its first failure. Batches wait meanwhile (one batch after another, so later
 * batches are delayed, not skipped). Past the budget the failure is the stream's:
 * it stops with the error, and the checkpoint last written is still whole, since
 * every write goes to a temp file first.
 *
 * Spark's writer gives up after 3 quick attempts and goes on without a checkpoint
 * (SPARK-22429), and a failed batch is counted as done; the HDFS client's own retry
 * policy is what keeps a Spark stream alive through a namenode failover. Here the
 * WebHDFS client's retries stay short (batch jobs should fail fast), so the
 * streaming layer holds the budget.
 */
import { ErrorCode, KindlingError } from '@kindling/common';

export const unavailableRetryTimeoutKey = 'kindling.streaming.unavailableRetryTimeout';
export const defaultUnavailableRetryTimeoutMs = 120_000;
const initialBackoffMs = 500;
const maxBackoffMs = 5_000;

/** True when `error`, or an error in its chain of causes, says something could not be reached. */
export function isUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    if (current instanceof KindlingError && current.code === ErrorCode.Unavailable) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The retries of one operation: started at its first failure. */
export class UnavailableRetry {
  private readonly firstFailureAt = Date.now();
  private retries = 0;

  constructor(readonly timeoutMs: number) {}

  get elapsedMs(): number {
    return Date.now() - this.firstFailureAt;
  }

  /** The wait before the next try, or undefined when the budget is spent. */
  nextBackoffMs(): number | undefined {
    const remaining = this.timeoutMs - this.elapsedMs;
    if (remaining <= 0) return undefined;
    const backoff = Math.min(maxBackoffMs, initialBackoffMs * 2 ** this.retries++, remaining);
    return backoff;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
