import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ErrorCode, FetchFailedError, KindlingError } from '../errors/index.js';
import { RpcError, errorCodeMetadataKey, fromServiceError, toServiceError } from './rpc-errors.js';

function asServiceError(s: ReturnType<typeof toServiceError>): ServiceError {
  return Object.assign(new Error(s.details), { code: s.code, details: s.details, metadata: s.metadata ?? new Metadata() });
}

void test('a KindlingError keeps its code and message across a call', () => {
  const sent = toServiceError(new FetchFailedError('block 1/2/3 is gone', 1, 2, 3));
  assert.equal(sent.code, status.NOT_FOUND);
  const received = fromServiceError(asServiceError(sent), 'Fetching');
  assert.equal(received.code, ErrorCode.FetchFailed);
  assert.equal(received.message, 'Fetching: block 1/2/3 is gone');
});

void test('an RpcError chooses its own gRPC status (e.g. FAILED_PRECONDITION for an unknown application)', () => {
  const sent = toServiceError(new RpcError(ErrorCode.Authentication, status.FAILED_PRECONDITION, 'unknown application'));
  assert.equal(sent.code, status.FAILED_PRECONDITION);
  const received = fromServiceError(asServiceError(sent), 'Heartbeat');
  assert.ok(received instanceof RpcError);
  assert.equal(received.status, status.FAILED_PRECONDITION);
  assert.equal(received.code, ErrorCode.Authentication);
});

void test('a status without a Kindling code maps by status, with the status name when there are no details', () => {
  const error = Object.assign(new Error('x'), { code: status.UNAVAILABLE, details: '', metadata: new Metadata() });
  const received = fromServiceError(error, 'Registering');
  assert.equal(received.code, ErrorCode.Unavailable);
  assert.equal(received.message, 'Registering: UNAVAILABLE');
});

void test('an unknown code in the metadata is ignored', () => {
  const metadata = new Metadata();
  metadata.set(errorCodeMetadataKey, 'NOT_A_CODE');
  const received = fromServiceError(Object.assign(new Error('x'), { code: status.DATA_LOSS, details: 'bad', metadata }), 'Reading');
  assert.equal(received.code, ErrorCode.DataCorruption);
});

void test('errors that are not from a call are normalised by KindlingError.from', () => {
  const received = fromServiceError(new KindlingError(ErrorCode.Bundle, 'no bundle'), 'ignored');
  assert.equal(received.message, 'no bundle');
});
