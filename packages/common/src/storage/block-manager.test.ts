import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../log/index.js';
import { rddBlockId, parseRddBlockId } from './block-id.js';
import { BlockManager } from './block-manager.js';
import { StorageLevel } from './storage-level.js';

const workDir = mkdtempSync(join(tmpdir(), 'kindling-blocks-test-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

void test('blocks are kept by level, listed, and removed by rdd id', async () => {
  const bm = new BlockManager({ workDir, logger: silentLogger() });
  await bm.put(rddBlockId(1, 0), ['a', 'b'], StorageLevel.MEMORY_ONLY);
  await bm.put(rddBlockId(1, 1), [[1, { x: 2 }]], StorageLevel.DISK_ONLY);
  await bm.put(rddBlockId(2, 0), [3], StorageLevel.MEMORY_AND_DISK);
  assert.deepEqual(bm.listBlocks(), ['rdd_1_0', 'rdd_1_1', 'rdd_2_0']);
  assert.deepEqual(bm.getFromMemory('rdd_1_0'), ['a', 'b']);
  assert.equal(bm.getFromMemory('rdd_1_1'), undefined, 'DISK_ONLY is not in memory');
  assert.deepEqual(await bm.get('rdd_1_1'), [[1, { x: 2 }]]);
  assert.deepEqual(readdirSync(join(workDir, 'blocks')).sort(), ['rdd_1_1', 'rdd_2_0'], 'no temp files left behind');
  assert.equal(await bm.removeRdd(1), 2);
  assert.deepEqual(bm.listBlocks(), ['rdd_2_0']);
  assert.deepEqual(readdirSync(join(workDir, 'blocks')), ['rdd_2_0']);
  assert.deepEqual(parseRddBlockId('rdd_12_3'), { rddId: 12, partitionIndex: 3 });
  assert.equal(parseRddBlockId('shuffle_1_2_0'), undefined);
});

void test('a disk block that fails its checksum is dropped and reads as absent, so it is recomputed', async () => {
  const bm = new BlockManager({ workDir, logger: silentLogger() });
  await bm.put(rddBlockId(5, 0), Array.from({ length: 100 }, (_, i) => `r${i}`), StorageLevel.DISK_ONLY);
  writeFileSync(join(workDir, 'blocks', 'rdd_5_0'), 'not a framed stream');
  assert.equal(await bm.get('rdd_5_0'), undefined);
  assert.equal(bm.contains('rdd_5_0'), false);
});
