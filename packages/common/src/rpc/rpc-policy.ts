/**
 * Deadlines and retry policies of every call (STYLE.md §10), in one table so a
 * reader sees at a glance what is retried, how often, and why.
 *
 * Only idempotent calls are retried, and only on statuses that mean "the call did
 * not reach a working server" (UNAVAILABLE) or "the server shed load"
 * (RESOURCE_EXHAUSTED). Anything else (a wrong secret, a missing block, a bug) is
 * answered once and reported.
 */
import { status } from '@grpc/grpc-js';
import type { Logger } from '../log/index.js';
import { fromServiceError, grpcStatusOf } from './rpc-errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included; 1 = no retry. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly retryableStatuses: readonly status[];
}

export interface CallPolicy {
  /** Deadline of one attempt (for a stream: of the whole stream). */
  readonly deadlineMs: number;
  readonly retry: RetryPolicy;
}

export const noRetry: RetryPolicy = { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0, retryableStatuses: [] };

/** Idempotent reads and removals: a restarted peer or a dropped connection is worth three more tries. */
export const idempotentRetry: RetryPolicy = {
  maxAttempts: 4,
  initialBackoffMs: 200,
  maxBackoffMs: 2_000,
  retryableStatuses: [status.UNAVAILABLE, status.RESOURCE_EXHAUSTED],
};

/**
 * Shuffle fetches retry like Spark's spark.shuffle.io.maxRetries=3 but with shorter
 * waits: a reducer that still cannot fetch reports a fetch failure, and the DAG
 * scheduler recomputes the map output, which is the real cure for a lost executor.
 */
export const shuffleFetchRetry: RetryPolicy = {
  maxAttempts: 3,
  initialBackoffMs: 250,
  maxBackoffMs: 1_000,
  retryableStatuses: [status.UNAVAILABLE, status.RESOURCE_EXHAUSTED],
};

export const callPolicies = {
  // The executor's registration loop retries on its own schedule (until
  // kindling.executor.registrationTimeout), so one attempt here.
  registerExecutor: { deadlineMs: 10_000, retry: noRetry },
  // The next heartbeat is the retry.
  heartbeat: { deadlineMs: 5_000, retry: noRetry },
  downloadBundle: { deadlineMs: 300_000, retry: idempotentRetry },
  fetchTaskPayload: { deadlineMs: 120_000, retry: idempotentRetry },
  fetchBroadcast: { deadlineMs: 120_000, retry: idempotentRetry },
  getMapStatuses: { deadlineMs: 30_000, retry: idempotentRetry },
  // A receiver's block push: not idempotent (a retried push could store a block
  // twice), and the receiver retries with its next block interval, records kept.
  reportReceiver: { deadlineMs: 10_000, retry: noRetry },
  getBlockLocations: { deadlineMs: 10_000, retry: idempotentRetry },
  // A block that cannot be read remotely is recomputed, so one quick attempt per holder.
  fetchBlock: { deadlineMs: 60_000, retry: noRetry },
  killTask: { deadlineMs: 10_000, retry: idempotentRetry },
  fetchShuffleBlocks: { deadlineMs: 120_000, retry: shuffleFetchRetry },
  fetchTaskResult: { deadlineMs: 120_000, retry: idempotentRetry },
  removeRdd: { deadlineMs: 30_000, retry: idempotentRetry },
  removeShuffle: { deadlineMs: 30_000, retry: idempotentRetry },
  removeBroadcast: { deadlineMs: 30_000, retry: idempotentRetry },
  // Stopping is best effort: a process that does not answer is killed by its parent
  // (local[N]) or notices the driver is gone.
  shutdown: { deadlineMs: 5_000, retry: noRetry },
} as const satisfies Record<string, CallPolicy>;

export type CallName = keyof typeof callPolicies;

export interface RetryOptions {
  readonly logger?: Logger;
  /** Replaces the table's deadline (e.g. from configuration). */
  readonly deadlineMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` with a fresh deadline per attempt and retries it as `policy` says.
 * Failures come back as KindlingErrors whose message starts with `context`.
 */
export async function withRetry<T>(
  policy: CallPolicy,
  context: string,
  attempt: (deadline: Date) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { retry } = policy;
  const deadlineMs = options.deadlineMs ?? policy.deadlineMs;
  let backoffMs = retry.initialBackoffMs;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(new Date(Date.now() + deadlineMs));
    } catch (error) {
      const grpcStatus = grpcStatusOf(error);
      const retryable = grpcStatus !== undefined && retry.retryableStatuses.includes(grpcStatus);
      if (!retryable || attemptNumber >= retry.maxAttempts) throw fromServiceError(error, context);
      // Full jitter, so executors that lost the same peer do not retry in step.
      const waitMs = Math.round(Math.random() * backoffMs);
      options.logger?.debug({ context, attempt: attemptNumber, waitMs, status: grpcStatus }, 'retrying call');
      await sleep(waitMs);
      backoffMs = Math.min(retry.maxBackoffMs, backoffMs * 2);
    }
  }
}
