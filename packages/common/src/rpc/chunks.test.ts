import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../errors/index.js';
import { ChunkAssembler, sliceIntoChunks } from './chunks.js';

void test('slices cover the data in order without copying, and reassemble to the same bytes', () => {
  const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));
  const slices = [...sliceIntoChunks(data, 4096)];
  assert.deepEqual(slices.map((s) => s.data.byteLength), [4096, 4096, 1808]);
  assert.equal(slices[1]!.data.buffer, data.buffer);
  const assembler = new ChunkAssembler('test');
  for (const slice of slices.reverse()) assembler.add(slice.data, slice.offset, data.byteLength);
  assert.deepEqual(assembler.finish(), data);
});

void test('empty data is one empty chunk, so the reader learns the size', () => {
  const slices = [...sliceIntoChunks(new Uint8Array(0))];
  assert.equal(slices.length, 1);
  const assembler = new ChunkAssembler('empty');
  assembler.add(slices[0]!.data, 0, 0);
  assert.equal(assembler.finish().byteLength, 0);
});

void test('a stream that ends short is data corruption, not a smaller file', () => {
  const assembler = new ChunkAssembler('block 1/2/3');
  assembler.add(Buffer.alloc(10), 0, 30);
  assert.throws(() => assembler.finish(), (error: Error & { code?: string }) => error.code === ErrorCode.DataCorruption && /10 of 30/.test(error.message));
});

void test('a chunk beyond the announced size is refused', () => {
  const assembler = new ChunkAssembler('x');
  assert.throws(() => assembler.add(Buffer.alloc(10), 25, 30), /does not fit 30 bytes/);
});
