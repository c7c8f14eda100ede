import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CheckpointError } from '../errors/index.js';
import {
  decodeCheckpointMetadata,
  decodePartitionerPlan,
  encodeCheckpointMetadata,
  encodePartitionerPlan,
  METADATA_FORMAT,
  METADATA_VERSION,
  type RddCheckpointMetadata,
} from './checkpoint-metadata.js';

const metadata: RddCheckpointMetadata = {
  format: METADATA_FORMAT,
  version: METADATA_VERSION,
  rddId: 12,
  numPartitions: 3,
  partSizes: [100, 0, 4096],
  hasPartitioner: true,
  completedAt: 1_700_000_000_000,
};

void describe('checkpoint _metadata and _partitioner', () => {
  void test('round-trip through their framed, checksummed encoding', () => {
    assert.deepEqual(decodeCheckpointMetadata(encodeCheckpointMetadata(metadata), '/c/_metadata'), metadata);
    const plan = { kind: 'hash', numPartitions: 4 };
    assert.deepEqual(decodePartitionerPlan(encodePartitionerPlan(plan), '/c/_partitioner'), plan);
  });

  void test('a flipped byte, a truncation or foreign content is a CheckpointError naming the file', () => {
    const bytes = Buffer.from(encodeCheckpointMetadata(metadata));
    const flipped = Buffer.from(bytes);
    const middle = flipped.length >> 1;
    flipped[middle] = flipped[middle]! ^ 0x10;
    for (const damaged of [flipped, bytes.subarray(0, bytes.length - 3), Buffer.from('{"numPartitions": 3}')]) {
      assert.throws(
        () => decodeCheckpointMetadata(damaged, 'file:///c/rdd-12/_metadata'),
        (error: unknown) => error instanceof CheckpointError && error.message.startsWith('Invalid checkpoint file: file:///c/rdd-12/_metadata'),
      );
    }
  });

  void test('metadata whose sizes disagree with its partition count is refused', () => {
    const bad = encodeCheckpointMetadata({ ...metadata, partSizes: [1, 2] });
    assert.throws(() => decodeCheckpointMetadata(bad, '/m'), CheckpointError);
  });

  void test('a newer format version is refused with the version in the message', () => {
    const newer = encodeCheckpointMetadata({ ...metadata, version: METADATA_VERSION + 1 });
    assert.throws(() => decodeCheckpointMetadata(newer, '/m'), /has version 2, this Kindling reads version 1/);
  });
});
