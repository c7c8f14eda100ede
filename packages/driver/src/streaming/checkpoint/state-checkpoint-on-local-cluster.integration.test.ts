/**
 * Issue 11 item 5 on `local[2]`: the state checkpoint tests (full snapshots and
 * deltas written by the executors in the background, a kill during a state write
 * recovering from the previous complete one) re-run with executor processes over
 * gRPC, with the checkpoints on file:// and on the embedded WebHDFS server. A file
 * of its own, so that its reruns have their own time budget.
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../../engine-tests/rerun-on-local-cluster.js';

void test('the state checkpoint tests pass on local[2] with executor processes over gRPC', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['state-checkpoint.test.js']), { timeoutMs: 240_000 }));

void test('the state checkpoint tests pass on local[2] with the checkpoints on WebHDFS', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['state-checkpoint.test.js']), { env: { KINDLING_TEST_CHECKPOINT_STORAGE: 'webhdfs' }, timeoutMs: 240_000 }));
