import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePartFileName, partFileName, partFilePath, partTempFileName, rddCheckpointDirName } from './checkpoint-files.js';

void describe('checkpoint file names', () => {
  void test('follow Spark: rdd-<id>, part-%05d, .part-%05d-attempt-<taskAttemptId>', () => {
    assert.equal(rddCheckpointDirName(7), 'rdd-7');
    assert.equal(partFileName(0), 'part-00000');
    assert.equal(partFileName(42), 'part-00042');
    assert.equal(partFileName(123456), 'part-123456');
    assert.equal(partTempFileName(3, 91), '.part-00003-attempt-91');
    assert.equal(partFilePath('webhdfs://nn:9870/ckpt/app/rdd-1', 2), 'webhdfs://nn:9870/ckpt/app/rdd-1/part-00002');
  });

  void test('parse only names part-%05d produces', () => {
    for (const i of [0, 1, 99999, 100000, 1234567]) assert.equal(parsePartFileName(partFileName(i)), i);
    for (const name of ['part-1', 'part-000001', 'part-0000a', '.part-00000-attempt-3', '_partitioner', 'part-00000.crc']) {
      assert.equal(parsePartFileName(name), undefined, name);
    }
  });
});
