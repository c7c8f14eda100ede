/**
 * Issue 9, "Must show": the windowed operators' and saveAsTextFiles' result tests also pass on `local[2]`
 * — two executor processes over gRPC on loopback, the window's cogroup reading
 * persisted blocks and checkpoint files across processes — with the same expected
 * values. The compiled test file runs in a child test runner with
 * KINDLING_TEST_MASTER=local[2], as the engine's results-on-local-cluster test does.
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../engine-tests/rerun-on-local-cluster.js';

void test('the windowed operators and saveAsTextFiles give the same results on local[2] with executor processes over gRPC', () => rerunOnLocalCluster(testFiles(import.meta.url, ['streaming-windows.test.js', 'streaming-save.test.js']), { timeoutMs: 240_000 }));
