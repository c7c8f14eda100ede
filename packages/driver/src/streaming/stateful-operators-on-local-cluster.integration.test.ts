/**
 * Issue 9, "Must show": the stateful operators' result tests also pass on `local[2]`
 * — two executor processes, real gRPC on loopback, state partitions cached on one
 * executor and read back there by the next batch (delay scheduling), checkpoints
 * written by the executors — with the same expected values. The same compiled test
 * file runs in a child test runner with KINDLING_TEST_MASTER=local[2].
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../engine-tests/rerun-on-local-cluster.js';

void test('the stateful operator tests pass on local[2] with executor processes over gRPC', () => rerunOnLocalCluster(testFiles(import.meta.url, ['streaming-state.test.js']), { timeoutMs: 420_000 }));
