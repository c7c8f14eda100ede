/**
 * Issue 10, "Must show": the recovery tests (reference §6 items 11–19) also pass on
 * `local[2]` — executor processes over gRPC writing the state checkpoints, a new
 * context recovering them — with the same expected values. The compiled test files
 * run in a child test runner with KINDLING_TEST_MASTER=local[2], with the
 * checkpoints on file:// and on the embedded WebHDFS server.
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../../engine-tests/rerun-on-local-cluster.js';

void test('the recovery tests pass on local[2] with executor processes over gRPC', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['recovery.test.js', 'stateful-recovery.test.js', 'metadata-checkpoint.test.js', 'file-stream-recovery.test.js']), { timeoutMs: 300_000 }));

// The tests that do not reach into the checkpoint directory with node:fs, with every
// checkpoint (metadata and state) on an embedded WebHDFS server. Only the variant
// that restores the state from its checkpoint files: the one that recomputes it
// from the replayable input reads nothing from the storage that the first does not
// (it passes on file:// above), and cost as much again.
void test('stateful recovery passes on local[2] with the checkpoints on WebHDFS', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['stateful-recovery.test.js']), {
    env: { KINDLING_TEST_CHECKPOINT_STORAGE: 'webhdfs' },
    namePattern: 'restored from checkpoint files',
    expectedPasses: 1,
    timeoutMs: 300_000,
  }));
