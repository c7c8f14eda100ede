import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSerializer } from '../serializer/index.js';
import { receiverCommandFromWire, receiverCommandToWire, receiverReportFromWire, receiverReportToWire } from './receiver-wire.js';

const serializer = defaultSerializer();

void test('a receiver block round-trips the wire with its records and event', () => {
  const [wire, ...rest] = receiverReportToWire({ streamId: 3, executorId: '1', event: 'block', attempt: 2, records: ['a', ['k', 1], { x: null }] }, serializer);
  assert.equal(rest.length, 0);
  const back = receiverReportFromWire({ ...wire!, records: Buffer.from(wire!.records as Buffer) } as never, serializer);
  assert.deepEqual(back, { streamId: 3, executorId: '1', event: 'block', attempt: 2, records: ['a', ['k', 1], { x: null }] });
});

void test('a block larger than the report limit is split into parts that each fit, records in order', () => {
  const records = Array.from({ length: 10_000 }, (_, i) => `line-${i}-${'x'.repeat(40)}`);
  const parts = receiverReportToWire({ streamId: 0, executorId: '0', event: 'block', attempt: 1, records }, serializer, 64 * 1024);
  assert.ok(parts.length > 4, `${parts.length} parts`);
  for (const part of parts) assert.ok((part.records as Buffer).byteLength <= 64 * 1024);
  const back = parts.flatMap((part) => receiverReportFromWire(part as never, serializer).records ?? []);
  assert.deepEqual(back, records);
  assert.equal(parts.reduce((sum, p) => sum + Number(p.numRecords), 0), records.length);
});

void test('a rate limit of 0 on the wire means no limit', () => {
  assert.deepEqual(receiverCommandFromWire(receiverCommandToWire({ stop: false, rateLimit: undefined }) as never), { stop: false, rateLimit: undefined });
  assert.deepEqual(receiverCommandFromWire(receiverCommandToWire({ stop: true, rateLimit: 250 }) as never), { stop: true, rateLimit: 250 });
});
