import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metadata, status } from '@grpc/grpc-js';
import { ErrorCode } from '../errors/index.js';
import { noRetry, withRetry, type CallPolicy } from './rpc-policy.js';

const failure = (code: status): Error => Object.assign(new Error(status[code]), { code, details: status[code], metadata: new Metadata() });

const fastRetry: CallPolicy = {
  deadlineMs: 1_000,
  retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2, retryableStatuses: [status.UNAVAILABLE] },
};

void test('withRetry retries a listed status until an attempt succeeds, each with a fresh deadline', async () => {
  const deadlines: number[] = [];
  let calls = 0;
  const result = await withRetry(fastRetry, 'ctx', (deadline) => {
    deadlines.push(deadline.getTime());
    calls++;
    return calls < 3 ? Promise.reject(failure(status.UNAVAILABLE)) : Promise.resolve('ok');
  });
  assert.equal(result, 'ok');
  assert.equal(calls, 3);
  assert.ok(deadlines.every((d) => d > Date.now()));
});

void test('withRetry gives up after maxAttempts with the last error, prefixed by the context', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(fastRetry, 'Fetching block', () => {
      calls++;
      return Promise.reject(failure(status.UNAVAILABLE));
    }),
    (error: Error & { code?: string }) => error.code === ErrorCode.Unavailable && error.message === 'Fetching block: UNAVAILABLE',
  );
  assert.equal(calls, 3);
});

void test('withRetry does not retry a status that is not listed', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(fastRetry, 'ctx', () => {
      calls++;
      return Promise.reject(failure(status.UNAUTHENTICATED));
    }),
    (error: Error & { code?: string }) => error.code === ErrorCode.Authentication,
  );
  assert.equal(calls, 1);
});

void test('noRetry makes exactly one attempt', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry({ deadlineMs: 10, retry: noRetry }, 'ctx', () => {
      calls++;
      return Promise.reject(failure(status.UNAVAILABLE));
    }),
  );
  assert.equal(calls, 1);
});
