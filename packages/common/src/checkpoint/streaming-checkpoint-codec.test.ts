import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckpointError, SerializationError } from '../errors/index.js';
import { decodeStreamingCheckpoint, encodeStreamingCheckpoint, fromCheckpointValue, toCheckpointValue } from './streaming-checkpoint-codec.js';

const params = {
  f: { kind: 'captured', factory: '({ n }) => (x) => x + n', bindings: {}, captured: new Uint8Array([1, 2, 3]) },
  window: 30000,
  numPartitions: undefined,
  name: 'hits',
  nested: [1, 'two', null, true, [{ a: -0.5 }]],
};

void test('a checkpoint round-trips: fields, 64-bit times, params with function refs, bytes and undefined', () => {
  const bytes = encodeStreamingCheckpoint({
    master: 'local[2]',
    appName: 'video-hits',
    bundle: { name: 'video-hits', version: '1.0.0', sha256: 'ab'.repeat(32) },
    graph: {
      batchDurationMs: 10_000,
      zeroTime: 1_764_950_000_000,
      streams: [{ id: 0, uid: 'map-0', kind: 'TransformedDStream', parentIds: [], params: toCheckpointValue(params, 'params'), checkpointData: [{ time: 1_764_950_010_000, path: 'file:///c/rdd-3' }] }],
      outputStreamIds: [0],
    },
    pendingTimes: [1_764_950_020_000],
    conf: [{ key: 'kindling.master', value: 'local[2]' }],
    checkpointTime: 1_764_950_020_000,
  });
  const decoded = decodeStreamingCheckpoint(bytes, 'checkpoint-1');
  assert.equal(decoded.master, 'local[2]');
  assert.equal(decoded.bundle?.sha256, 'ab'.repeat(32));
  assert.equal(decoded.checkpointTime, 1_764_950_020_000);
  assert.deepEqual(decoded.pendingTimes, [1_764_950_020_000]);
  const stream = decoded.graph!.streams[0]!;
  assert.deepEqual(stream.checkpointData, [{ time: 1_764_950_010_000, path: 'file:///c/rdd-3' }]);
  assert.deepEqual(fromCheckpointValue(stream.params), params);
  assert.deepEqual(Object.keys(fromCheckpointValue(stream.params) as object), Object.keys(params));
});

void test('a truncated, corrupted or foreign file is refused with a CheckpointError naming it', () => {
  const bytes = encodeStreamingCheckpoint({ master: 'local[2]', appName: 'a', checkpointTime: 1000 });
  assert.throws(() => decodeStreamingCheckpoint(bytes.subarray(0, bytes.length - 3), 'checkpoint-1000'), (e: unknown) => e instanceof CheckpointError && /checkpoint-1000/.test(e.message));
  const flipped = Uint8Array.from(bytes);
  flipped[flipped.length - 8]! ^= 0xff;
  assert.throws(() => decodeStreamingCheckpoint(flipped, 'checkpoint-1000'), /checksum mismatch|checkpoint-1000/);
  assert.throws(() => decodeStreamingCheckpoint(new TextEncoder().encode('{"json": true}'), 'checkpoint-2000'), CheckpointError);
  assert.throws(() => decodeStreamingCheckpoint(new Uint8Array(0), 'checkpoint-3000'), (e: unknown) => e instanceof CheckpointError && /checkpoint-3000/.test(e.message));
});

void test('values that are not plain data cannot be checkpointed, and the error says where', () => {
  assert.throws(() => toCheckpointValue({ f: () => 1 }, 'params of map-1'), (e: unknown) => e instanceof SerializationError && /params of map-1\.f: a function/.test(e.message));
  assert.throws(() => toCheckpointValue([new Map()], 'params'), /params\[0\]: a Map cannot/);
});

void test('broadcast files and accumulator values round-trip, and a checkpoint written before them reads as having none', () => {
  const old = decodeStreamingCheckpoint(encodeStreamingCheckpoint({ master: 'local[2]', appName: 'a', checkpointTime: 1000 }), 'checkpoint-1000');
  assert.deepEqual(old.broadcasts, []);
  assert.deepEqual(old.accumulators, []);
  const decoded = decodeStreamingCheckpoint(
    encodeStreamingCheckpoint({
      master: 'local[2]',
      appName: 'a',
      checkpointTime: 2000,
      broadcasts: [
        { id: 1_796_499_359_085, path: 'webhdfs://nn:9870/c/broadcast-1796499359085', size: 11, crc32c: 0xfedcba98, name: 'prices' },
        { id: 1_796_499_359_086, path: 'webhdfs://nn:9870/c/broadcast-1796499359086', size: 3, crc32c: 1 },
      ],
      accumulators: [
        { id: 5, name: 'records', kind: 'long', sum: 2 ** 40, count: 7 },
        { id: 6, name: 'seen', kind: 'collection', values: toCheckpointValue(['a', 1], 'values') },
      ],
    }),
    'checkpoint-2000',
  );
  // An unnamed broadcast (and one written before names existed) reads with the name ''.
  assert.deepEqual(decoded.broadcasts, [
    { id: 1_796_499_359_085, path: 'webhdfs://nn:9870/c/broadcast-1796499359085', size: 11, crc32c: 0xfedcba98, name: 'prices' },
    { id: 1_796_499_359_086, path: 'webhdfs://nn:9870/c/broadcast-1796499359086', size: 3, crc32c: 1, name: '' },
  ]);
  assert.equal(decoded.accumulators[0]!.sum, 2 ** 40);
  assert.equal(decoded.accumulators[0]!.count, 7);
  assert.deepEqual(fromCheckpointValue(decoded.accumulators[1]!.values!), ['a', 1]);
});
