/**
 * Issue 9, item 3: the input-stream tests (rateStream, textFileStream on file:// and
 * WebHDFS, socketTextStream and custom receivers) rerun on local[2] — the RateRDD
 * and FileLinesRDD computed in executor processes, receivers running in an executor's
 * task and pushing their blocks over gRPC — with the same expected values.
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../engine-tests/rerun-on-local-cluster.js';

// Every receiver test; of the rate and file tests, those whose RDDs executors rebuild
// and compute (the validation-only ones prove nothing more on local[2]). Each test
// starts its own two executor processes, so the selection keeps the suite short.
const pattern = '^(socketTextStream|receiverStream: a custom|kindling\\.streaming\\.receiver|rateStream: values|rateStream: a batch time|textFileStream on webhdfs)';

void test('the input stream tests pass on local[2] with executor processes over gRPC', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['inputs/rate-and-file-streams.test.js', 'receiver/receiver-streams.test.js']), {
    namePattern: pattern,
    // Seven tests match the pattern: a renamed test must not drop out silently.
    expectedPasses: 7,
    timeoutMs: 300_000,
  }));
