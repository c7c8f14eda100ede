/**
 * Reference §6 items 11–19 that recovery-on-local-cluster.integration.test.ts did not
 * yet run on `local[2]` with the checkpoints on the embedded WebHDFS server
 * (restored RDDs exactly once, map + reduceByKey and file-stream recovery, corrupt
 * and foreign checkpoints, getOrCreate), and item 12 (configuration through the
 * checkpoint) on both storages. Item 20 is receiver-write-ahead-log-*.integration.test.ts.
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../../engine-tests/rerun-on-local-cluster.js';

void test('configuration recovery passes on local[2] with file://', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['configuration-recovery.test.js']), { timeoutMs: 120_000 }));

void test('recovery, file-stream recovery and configuration recovery pass on local[2] with the checkpoints on WebHDFS', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['recovery.test.js', 'file-stream-recovery.test.js', 'configuration-recovery.test.js']), {
    env: { KINDLING_TEST_CHECKPOINT_STORAGE: 'webhdfs' },
    timeoutMs: 300_000,
  }));
