/**
 * The WebHDFS server restarted during a checkpoint job (issue 5, "Must show"): the
 * job retries and completes, or fails with a clear error — and a checkpoint whose
 * job failed is never read as complete (no `_metadata`), while the next action
 * completes it. The server runs in a process of its own, killed with SIGKILL by the
 * task itself at a chosen record, so the outage lands in the middle of the job on
 * every master.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { capture, CheckpointError, closeAllFileSystems, KindlingConf } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import type { KindlingContext, RDD } from '../index.js';
import { masterCases } from './testing/checkpoint-test-support.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * 6 partitions of 10 records, each partition taking ~`sleepMs`; the first attempt of
 * partition 2 kills the server (pid in `pidFile`) and leaves `marker` behind.
 */
function slowRddThatKillsTheServer(kc: KindlingContext, pidFile: string, marker: string, sleepMs: number): RDD<number> {
  return kc.parallelize(range(60), 6).map(
    capture({ pidFile, marker, sleepMs }, ({ pidFile, marker, sleepMs }) => (x: number) => {
      if (x % 10 === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleepMs);
      const fs = process.getBuiltinModule('node:fs');
      if (x === 25 && !fs.existsSync(marker)) {
        fs.writeFileSync(marker, '');
        process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGKILL');
      }
      return x * 2;
    }),
  );
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const masterCase of masterCases()) {
  void describe(`the WebHDFS server restarted during a checkpoint job — ${masterCase.label}`, () => {
    let dir: string;
    let server: HdfsServerProcess | undefined;
    let kc: KindlingContext | undefined;

    const startServer = async (ports?: { port: number; dataPort: number }): Promise<HdfsServerProcess> => {
      server = await startHdfsServerProcess({ dir: join(dir, 'hdfs'), ...(ports ?? {}) });
      await writeFile(join(dir, 'server.pid'), String(server.pid));
      return server;
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kindling-ckpt-restart-'));
      await startServer();
    });

    /**
     * Each failed commit already waits out the WebHDFS client's own retries of a refused
     * connection (~1.5 s). The short outage allows 6 attempts, because a restarted server
     * process can take seconds to listen on a loaded machine; the long one 2, which is
     * all it needs to fail.
     */
    const createContext = async (maxFailures: number): Promise<KindlingContext> => {
      await kc?.stop();
      kc = (await masterCase.create({ conf: new KindlingConf({ 'kindling.task.maxFailures': String(maxFailures) }) })).kc;
      return kc;
    };

    after(async () => {
      await kc?.stop();
      await server?.kill('SIGKILL');
      await closeAllFileSystems();
      await rm(dir, { recursive: true, force: true });
    });

    void test('a short outage: the failed commits are retried and the checkpoint completes', async () => {
      await createContext(6);
      const first = server!;
      await kc!.setCheckpointDir(`${first.uri}/checkpoints`);
      const marker = join(dir, 'killed-short');
      const rdd = slowRddThatKillsTheServer(kc!, join(dir, 'server.pid'), marker, 150);
      rdd.checkpoint();
      const counting = rdd.count();
      await until(() => existsSync(marker), 20_000, 'the task to kill the server');
      await first.kill('SIGKILL');
      await startServer({ port: first.port, dataPort: first.dataPort });
      assert.equal(await counting, 60);
      assert.equal(rdd.isCheckpointed(), true);
      assert.deepEqual(await (await kc!.checkpointFile<number>(rdd.getCheckpointFile()!)).collect(), range(60).map((x) => x * 2));
    });

    void test('an outage for the whole job: it fails with a clear error, the partial checkpoint is not read as complete, the next action completes it', async () => {
      await createContext(2);
      const first = server!;
      await kc!.setCheckpointDir(`${first.uri}/checkpoints`);
      const marker = join(dir, 'killed-long');
      const rdd = slowRddThatKillsTheServer(kc!, join(dir, 'server.pid'), marker, 20);
      rdd.checkpoint();
      const rddDir = `${kc!.checkpointDir}/rdd-${rdd.id}`;
      await assert.rejects(rdd.count(), (error: Error) => {
        assert.match(error.message, /failed 2 times/);
        assert.match(error.message, /WebHDFS|ECONNREFUSED|connect|reach/i);
        return true;
      });
      assert.equal(rdd.isCheckpointed(), false);
      await first.kill('SIGKILL');
      await startServer({ port: first.port, dataPort: first.dataPort });
      await assert.rejects(kc!.checkpointFile(rddDir), (error: unknown) => error instanceof CheckpointError && /has no _metadata/.test(error.message));
      assert.equal(await rdd.count(), 60);
      assert.equal(rdd.isCheckpointed(), true);
      assert.deepEqual(await (await kc!.checkpointFile<number>(rddDir)).collect(), range(60).map((x) => x * 2));
    });
  });
}
