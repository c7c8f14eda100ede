/**
 * Losing executors: a process that dies is reported at once (its task channel
 * breaks, its process exits), one that hangs after kindling.network.timeout; the
 * task scheduler hears executorLost exactly once either way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf, silentLogger } from '@kindling/common';
import { MapOutputTracker } from '../scheduler/map-output-tracker.js';
import { createClusterBackend } from './cluster-backend.js';
import { RecordingListener, isAlive, waitFor } from './testing/cluster-test-support.js';

function localBackend(conf: Record<string, string> = {}): ReturnType<typeof createClusterBackend> {
  return createClusterBackend({
    master: 'local[2]',
    conf: new KindlingConf(conf),
    logger: silentLogger(),
    appId: `app-loss-${process.pid}-${Date.now()}`,
    mapOutputs: new MapOutputTracker(),
  });
}

void test('an executor killed with SIGKILL is reported lost within a second, once', async () => {
  const backend = localBackend();
  const listener = new RecordingListener();
  await backend.start(listener);
  try {
    assert.equal(listener.added.length, 2);
    const [victim, survivor] = backend.executorIds();
    const pid = backend.localExecutorPids()[Number(victim)]!;
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await waitFor(() => listener.lost.length > 0, 5_000, 'executorLost');
    assert.equal(listener.lost[0]!.executorId, victim);
    assert.ok(listener.lost[0]!.at - killedAt < 1_000, `reported after ${listener.lost[0]!.at - killedAt} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(listener.lost.length, 1, `lost reported more than once: ${JSON.stringify(listener.lost)}`);
    assert.deepEqual(backend.executorIds(), [survivor]);
    assert.throws(() => backend.launchTask(victim!, {
      taskId: 1, jobId: 0, stageId: 0, stageAttemptId: 0, partitionId: 0, attemptNumber: 0, appId: 'x', bundleSha256: '', payload: new Uint8Array(1),
    }), /gone/);
  } finally {
    await backend.stop();
  }
});

void test('an executor that stops answering is lost after kindling.network.timeout, and its process is killed', async () => {
  const backend = localBackend({ 'kindling.network.timeout': '1500ms', 'kindling.executor.heartbeatInterval': '200ms' });
  const listener = new RecordingListener();
  await backend.start(listener);
  const pids = backend.localExecutorPids();
  try {
    const victim = backend.executorIds()[0]!;
    const pid = pids[Number(victim)]!;
    // A stopped process keeps its sockets open: only the missing heartbeats tell.
    process.kill(pid, 'SIGSTOP');
    const stoppedAt = Date.now();
    await waitFor(() => listener.lost.length > 0, 6_000, 'executorLost after missed heartbeats');
    const elapsed = Date.now() - stoppedAt;
    assert.equal(listener.lost[0]!.executorId, victim);
    assert.match(listener.lost[0]!.reason, /no heartbeat/);
    assert.ok(elapsed >= 1_200 && elapsed < 4_000, `lost after ${elapsed} ms`);
    await waitFor(() => !isAlive(pid), 5_000, 'the hung executor process to be killed');
  } finally {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGCONT');
    await backend.stop();
  }
});
