/**
 * Reference §6 item 20 on `local[2]`: the receiver write-ahead log tests (the
 * receiver on one executor process pushing over gRPC, batches reading recovered
 * blocks from the log on the other), with the checkpoint directory on the embedded
 * WebHDFS server. (local[2] with file:// is the SIGKILL test's first case,
 * receiver-write-ahead-log-driver-kill.integration.test.ts; a third run of these
 * would only cost the suite time.)
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../../engine-tests/rerun-on-local-cluster.js';

void test('the receiver write-ahead log tests pass on local[2] with the checkpoint on WebHDFS', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['receiver-write-ahead-log.test.js']), { env: { KINDLING_TEST_CHECKPOINT_STORAGE: 'webhdfs' }, timeoutMs: 180_000 }));
