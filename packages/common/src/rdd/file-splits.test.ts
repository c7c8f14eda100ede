import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeSplits, type InputFile } from './file-splits.js';
import { packFiles } from './whole-text-file-rdd.js';

const MiB = 1024 * 1024;
const file = (name: string, size: number, blockSize = 128 * MiB): InputFile => ({ file: `webhdfs://nn:9870/${name}`, size, blockSize });

void describe('computeSplits (Hadoop FileInputFormat.getSplits)', () => {
  void it('cuts a file into one split per block when the goal size is larger than a block', () => {
    const splits = computeSplits([file('a', 300 * MiB)], 1);
    assert.deepEqual(
      splits.map((s) => [s.start / MiB, s.length / MiB]),
      [
        [0, 128],
        [128, 128],
        [256, 44],
      ],
    );
    assert.ok(splits.every((s) => s.fileLength === 300 * MiB));
  });

  void it('lets a last piece of up to 10% of a split join the split before it', () => {
    assert.equal(computeSplits([file('a', 140 * MiB)], 1).length, 1, '140/128 < 1.1');
    assert.equal(computeSplits([file('a', 141 * MiB)], 1).length, 2, '141/128 > 1.1');
  });

  void it('cuts finer than a block when minPartitions asks for more, and never across files', () => {
    const splits = computeSplits([file('a', 10 * MiB, MiB), file('b', 0), file('c', 3 * MiB, MiB)], 26);
    assert.equal(splits.filter((s) => s.file.endsWith('/b')).length, 1, 'an empty file is one empty split');
    const goal = Math.floor((13 * MiB) / 26);
    assert.ok(splits.every((s) => s.length <= goal * 1.1), 'every split within the goal size');
    for (const name of ['a', 'c']) {
      const own = splits.filter((s) => s.file.endsWith(`/${name}`));
      assert.equal(own.reduce((n, s) => n + s.length, 0), own[0]!.fileLength, `${name} is covered exactly once`);
    }
  });

  void it('rejects a minPartitions that is not a positive integer', () => {
    assert.throws(() => computeSplits([file('a', 1)], 0), /positive integer/);
  });
});

void describe('packFiles (wholeTextFiles partitions)', () => {
  void it('groups files in order up to ceil(total / minPartitions) bytes, a large file alone', () => {
    const files = [file('a', 10), file('b', 10), file('c', 50), file('d', 5), file('e', 5)];
    assert.deepEqual(
      packFiles(files, 2).map((g) => g.map((f) => f.slice(-1))),
      [['a', 'b'], ['c'], ['d', 'e']],
    );
    assert.deepEqual(packFiles([], 3), []);
  });
});
