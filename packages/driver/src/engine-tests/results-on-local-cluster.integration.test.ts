/**
 * Issue 3, "Must show": every result-checking test of the RDD engine also passes on
 * `local[2]` — two executor processes, real gRPC on loopback, shuffles fetched
 * across processes — with the same expected values. The same compiled test files
 * run in a child test runner with KINDLING_TEST_MASTER=local[2].
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from './rerun-on-local-cluster.js';

void test('the engine result tests pass on local[2] with executor processes over gRPC', () => rerunOnLocalCluster(testFiles(import.meta.url, ['rdd-results-match-plain-javascript.test.js', 'text-file-word-count.test.js']), { timeoutMs: 240_000 }));
