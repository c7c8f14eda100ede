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

// All but the refusal of another application's or build's checkpoint: it runs no
// batch and reads one small file, which the other tests read on WebHDFS as well; its
// check is of the checkpoint's contents, and passes on file:// with local[2].
void test('recovery, file-stream recovery and configuration recovery pass on local[2] with the checkpoints on WebHDFS', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['recovery.test.js', 'file-stream-recovery.test.js', 'configuration-recovery.test.js']), {
    env: { KINDLING_TEST_CHECKPOINT_STORAGE: 'webhdfs' },
    // Named one by one: node matches a pattern against every ancestor's name too, so a
    // negative lookahead matches the root and selects every test.
    namePattern: '^(configuration is recovered|files written during the down time|a stopped context is recovered|checkpointed RDDs of a stream|every checkpoint file unreadable)',
    expectedPasses: 5,
    timeoutMs: 300_000,
  }));
