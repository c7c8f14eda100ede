import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../log/index.js';
import { estimateSize, MemoryManager } from '../memory/index.js';
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

/** A block of `n` distinct 100-character strings: about 130 bytes a record by the estimator. */
function block(tag: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${tag}-${i}-`.padEnd(100, 'x'));
}

void test('LRU eviction keeps memory blocks within the storage budget; evicted MEMORY_AND_DISK blocks are read back from disk', async () => {
  const memoryManager = new MemoryManager({ maxMemory: 250_000, storageFraction: 0.5 });
  const bm = new BlockManager({ workDir: mkdtempSync(join(workDir, 'lru-')), logger: silentLogger(), memoryManager });
  const size = estimateSize(block('a', 500));
  assert.ok(size > 60_000 && size < 80_000, `a 500-record block is estimated at ${size} bytes`);
  const levels = [StorageLevel.MEMORY_AND_DISK, StorageLevel.MEMORY_ONLY, StorageLevel.MEMORY_AND_DISK, StorageLevel.MEMORY_ONLY];
  // Three blocks fit (3 × ~68 KB < 250 KB < 4 × 68 KB); each later one evicts the least recently used.
  for (let i = 0; i < 3; i++) assert.equal(await bm.put(rddBlockId(i, 0), block(`b${i}`, 500), levels[i]!), true);
  assert.deepEqual(bm.getFromMemory(rddBlockId(0, 0))?.length, 500, 'a read makes rdd_0_0 the most recently used');
  for (let i = 3; i < 8; i++) {
    await bm.put(rddBlockId(i, 0), block(`b${i}`, 500), levels[i % 4]!);
    assert.ok(bm.memoryUsed <= memoryManager.maxMemory, `after block ${i}: ${bm.memoryUsed} bytes in memory`);
  }
  assert.equal(bm.metrics.blocksEvicted, 5);
  const inMemory = [...Array(8).keys()].filter((i) => bm.inMemory(rddBlockId(i, 0)));
  assert.deepEqual(inMemory, [5, 6, 7], 'the three most recently used stay');
  // rdd_1_0 and rdd_3_0 were MEMORY_ONLY: gone. rdd_0_0, 2 and 4 were MEMORY_AND_DISK: read back from disk.
  assert.equal(await bm.get(rddBlockId(1, 0)), undefined);
  assert.equal(await bm.get(rddBlockId(3, 0)), undefined);
  for (const i of [0, 2, 4]) assert.deepEqual(await bm.get(rddBlockId(i, 0)), block(`b${i}`, 500));
  assert.equal(bm.metrics.diskBlocksRead, 3);
  assert.ok(bm.memoryUsed <= memoryManager.maxMemory);
});

void test('a block larger than the storage budget is not kept in memory, and caching an RDD never evicts its own blocks', async () => {
  const memoryManager = new MemoryManager({ maxMemory: 200_000 });
  const bm = new BlockManager({ workDir: mkdtempSync(join(workDir, 'big-')), logger: silentLogger(), memoryManager });
  assert.equal(bm.putInMemory(rddBlockId(1, 0), block('huge', 5000)), false);
  assert.equal(bm.metrics.blocksNotStored, 1);
  assert.equal(bm.memoryUsed, 0);
  assert.equal(bm.putInMemory(rddBlockId(2, 0), block('p0', 700)), true);
  assert.equal(bm.putInMemory(rddBlockId(2, 1), block('p1', 700)), true);
  // A third partition of RDD 2 does not fit, and the others of RDD 2 are not evicted for it.
  assert.equal(bm.putInMemory(rddBlockId(2, 2), block('p2', 700)), false);
  assert.deepEqual(bm.listBlocks(), ['rdd_2_0', 'rdd_2_1']);
  // Another RDD's block evicts the least recently used of RDD 2.
  assert.equal(bm.putInMemory(rddBlockId(3, 0), block('q', 700)), true);
  assert.deepEqual(bm.listBlocks(), ['rdd_2_1', 'rdd_3_0']);
});

void test('execution memory takes cached blocks back down to the storage region, and no further', () => {
  const memoryManager = new MemoryManager({ maxMemory: 400_000, storageFraction: 0.25 });
  const bm = new BlockManager({ workDir: mkdtempSync(join(workDir, 'exec-')), logger: silentLogger(), memoryManager });
  for (let i = 0; i < 4; i++) assert.equal(bm.putInMemory(rddBlockId(i, 0), block(`e${i}`, 500)), true);
  const stored = bm.memoryUsed;
  assert.ok(stored > 250_000);
  const granted = memoryManager.acquireExecution(400_000);
  assert.ok(bm.memoryUsed >= memoryManager.storageRegion, 'storage keeps its region');
  assert.ok(bm.memoryUsed < stored, 'some blocks were evicted');
  assert.equal(granted, 400_000 - bm.memoryUsed);
  assert.equal(memoryManager.executionMemoryUsed + bm.memoryUsed <= 400_000, true);
  memoryManager.releaseExecution(granted);
  assert.equal(memoryManager.executionMemoryUsed, 0);
});
