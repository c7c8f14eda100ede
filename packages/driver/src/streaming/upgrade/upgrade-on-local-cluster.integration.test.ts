/**
 * The upgrade and state-evolution tests of streaming-upgrade.test.ts on `local[2]`:
 * the re-attached state files are read and the migrations run on executor processes
 * over gRPC (the migration function travels as a reference, like any operator's),
 * with the same expected values as on one driver.
 */
import { test } from 'node:test';
import { rerunOnLocalCluster, testFiles } from '../../engine-tests/rerun-on-local-cluster.js';

void test('upgrades and state migrations give the same results on local[2] with executor processes over gRPC', () =>
  rerunOnLocalCluster(testFiles(import.meta.url, ['streaming-upgrade.test.js']), { expectedPasses: 5, timeoutMs: 300_000 }));
