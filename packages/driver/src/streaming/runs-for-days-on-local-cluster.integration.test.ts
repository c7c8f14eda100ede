/**
 * The "runs for days" tests again on local[2] — two executor processes, real gRPC,
 * shuffles and cached blocks on the executors, cleanup over RemoveShuffle/RemoveRdd —
 * by re-running the compiled test files in a child test runner with
 * KINDLING_TEST_MASTER=local[2], as the engine's result tests are.
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../engine-tests/rerun-on-local-cluster.js';

void test('the runs-for-days tests pass on local[2] with executor processes over gRPC', () => rerunOnLocalCluster(testFiles(import.meta.url, ['runs-for-days.test.js']), { timeoutMs: 240_000 }));
