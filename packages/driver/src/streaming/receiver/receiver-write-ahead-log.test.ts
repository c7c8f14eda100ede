/**
 * Issue 10 item 4, the receiver write-ahead log (reference §6 item 20), on a manual
 * clock: enabling it without a checkpoint directory fails at start() with Spark's
 * message; with it on, a custom receiver's `store` resolves only once the block is in
 * `<checkpointDir>/receivedData/<streamId>` and its addition in
 * `<checkpointDir>/receivedBlockMetadata`; blocks acknowledged and never allocated
 * when the context went away are recovered by getOrCreate into the next batch, each
 * once — also when it went away before its first batch; and old segments of both
 * logs are deleted once no batch needs them.
 *
 * Runs on local-inprocess here, and on local[2] with file:// and with the embedded
 * WebHDFS server from receiver-write-ahead-log-on-local-cluster.integration.test.ts.
 * The SIGKILL of a real driver process is receiver-write-ahead-log-driver-kill.integration.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { InvalidArgumentError, computeExportAliases, getFileSystem, loadBundleDir, sha256Hex, writeBundleDir, type LoadedJobBundle, type Receiver } from '@kindling/common';
import '../index.js';
import { collectOutput } from '../testing/test-output.js';
import { recoverAndStart, runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import { ReceiverTracker } from './receiver-tracker.js';

const walConf = {
  'kindling.streaming.receiver.writeAheadLog.enable': 'true',
  'kindling.streaming.receiver.writeAheadLog.rollingIntervalSecs': '1',
  'kindling.streaming.driver.writeAheadLog.rollingIntervalSecs': '1',
  'kindling.streaming.receiverRestartDelay': '200ms',
};

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** The `log-<start>-<end>` files under a directory of any file system. */
async function segments(dir: string): Promise<string[]> {
  const fs = getFileSystem(dir);
  if (!(await fs.exists(dir))) return [];
  return (await fs.list(dir)).map((s) => s.name).filter((n) => /^log-\d+-\d+$/.test(n));
}

let bundleRoot: string | undefined;
after(() => bundleRoot !== undefined && rmSync(bundleRoot, { recursive: true, force: true }));

/**
 * PhasedReceiver stores `count` records for each phase file that appears under its
 * directory (once per phase, even across restarts), and writes `acked-<phase>` only
 * after `await storeMany(…)` resolved: the test then knows the driver has them durably.
 */
async function receiverBundle(): Promise<LoadedJobBundle> {
  bundleRoot ??= mkdtempSync(join(tmpdir(), 'kindling-wal-bundle-'));
  const code = [
    "import { Receiver } from '@kindling/common';",
    "import { existsSync, writeFileSync } from 'node:fs';",
    "import { join } from 'node:path';",
    'const timers = new WeakMap();',
    'export class PhasedReceiver extends Receiver {',
    '  constructor(dir, count) { super(); this.dir = dir; this.count = count; }',
    '  onStart() {',
    '    timers.set(this, setInterval(() => {',
    '      for (const phase of [1, 2]) {',
    '        const stored = join(this.dir, `stored-${phase}`);',
    '        if (!existsSync(join(this.dir, `go-${phase}`)) || existsSync(stored)) continue;',
    "        writeFileSync(stored, '');",
    '        const records = Array.from({ length: this.count }, (_, i) => `p${phase}-${i}`);',
    "        void this.storeMany(records).then(() => writeFileSync(join(this.dir, `acked-${phase}`), ''));",
    '      }',
    '    }, 20));',
    '  }',
    '  onStop() { clearInterval(timers.get(this)); }',
    '}',
    '',
  ].join('\n');
  const bytes = Buffer.from(code);
  const dir = join(bundleRoot, 'phased');
  await writeBundleDir(dir, bytes, {
    name: 'phased-receiver',
    version: '1.0.0',
    entry: 'job.js',
    sha256: sha256Hex(bytes),
    kindlingVersion: '0.1.0',
    exportAliases: computeExportAliases(code),
    builtAt: new Date().toISOString(),
  });
  return loadBundleDir(dir);
}

void test('enabling the receiver write-ahead log without a checkpoint directory fails at start() with Spark\'s message', async () => {
  await withStreamingTest({ conf: walConf }, async ({ ssc }) => {
    ssc.socketTextStream('127.0.0.1', 9).print();
    assert.throws(
      () => ssc.start(),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message ===
          'Cannot enable receiver write-ahead log without checkpoint directory set. Please use streamingContext.checkpoint() to set the checkpoint directory. See documentation for more details.',
    );
    assert.equal(ssc.state, 'INITIALIZED');
  });
});

void test('receiver WAL: store resolves once the block is logged; acknowledged blocks never allocated are recovered into the next batch, each once; old segments are cleaned', async () => {
  const bundle = await receiverBundle();
  const work = mkdtempSync(join(bundleRoot!, 'run-'));
  try {
    await withStreamingTest({ conf: walConf, bundle, checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
      const PhasedReceiver = bundle.namespace['PhasedReceiver'] as new (dir: string, count: number) => Receiver<string>;
      const out = collectOutput(ssc.receiverStream(new PhasedReceiver(work, 30)).map((s: string) => s.toUpperCase()), (a, b) => a.localeCompare(b));
      ssc.start();
      await runBatches(ssc, clock, 2);
      const streamId = ssc.graph.inputStreams[0]!.inputStreamId;
      const dataDir = `${checkpointDir}/receivedData/${streamId}`;
      const metadataDir = `${checkpointDir}/receivedBlockMetadata`;

      writeFileSync(join(work, 'go-1'), '');
      await waitFor(() => existsSync(join(work, 'acked-1')), 'phase 1 acknowledged');
      // Acknowledged means logged: the data and the addition are on the file system already.
      assert.ok((await segments(dataDir)).length > 0, `no segment in ${dataDir}`);
      assert.ok((await segments(metadataDir)).length > 0, `no segment in ${metadataDir}`);
      await runBatches(ssc, clock, 1);

      writeFileSync(join(work, 'go-2'), '');
      await waitFor(() => existsSync(join(work, 'acked-2')), 'phase 2 acknowledged');
      assert.equal(ReceiverTracker.of(ssc).unallocatedRecords(streamId), 30);
      // The context goes away with 30 acknowledged records in no batch.
      await ssc.stop({ stopKindlingContext: false });

      const { recovered, clock: clock2 } = await recoverAndStart(checkpointDir, kc, 5500);
      await runBatches(recovered, clock2, 6);
      const all = out.timedBatches();
      const records = all.flatMap((b) => b.records);
      const expected = [1, 2].flatMap((p) => Array.from({ length: 30 }, (_, i) => `P${p}-${i}`)).sort();
      assert.deepEqual([...records].sort(), expected, 'every acknowledged record exactly once over all batches');
      assert.deepEqual(all.find((b) => b.records.includes('P2-0'))?.time, 4000, 'the recovered blocks go to the first batch after the last one generated');

      // Batch 11000 completed and was checkpointed: segments that ended before it minus
      // the remember duration are gone.
      const thresh = 11_000 - recovered.graph.maxInputRememberDuration();
      assert.ok(thresh > 4000, `remember duration ${recovered.graph.maxInputRememberDuration()} ms`);
      const deadline = Date.now() + 10_000;
      const old = async (dir: string): Promise<string[]> => (await segments(dir)).filter((n) => Number(n.split('-')[2]) < thresh);
      while ((await old(dataDir)).length + (await old(metadataDir)).length > 0 && Date.now() < deadline) await sleep(50);
      assert.deepEqual(await old(dataDir), [], 'old data segments deleted');
      assert.deepEqual(await old(metadataDir), [], 'old metadata segments deleted');
      await recovered.stop({ stopKindlingContext: false });
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

void test('receiver WAL: blocks acknowledged before the first batch are recovered by getOrCreate after the context went away', async () => {
  const bundle = await receiverBundle();
  const work = mkdtempSync(join(bundleRoot!, 'run-'));
  try {
    await withStreamingTest({ conf: walConf, bundle, checkpoint: true }, async ({ kc, ssc, checkpointDir }) => {
      const PhasedReceiver = bundle.namespace['PhasedReceiver'] as new (dir: string, count: number) => Receiver<string>;
      const out = collectOutput(ssc.receiverStream(new PhasedReceiver(work, 30)), (a, b) => a.localeCompare(b));
      ssc.start();
      writeFileSync(join(work, 'go-1'), '');
      await waitFor(() => existsSync(join(work, 'acked-1')), 'phase 1 acknowledged');
      // The clock never reached the first batch: no batch was generated, so none
      // wrote a metadata checkpoint. A driver killed here had acknowledged 30 records
      // (seen once as the driver-kill test's flake: the restarted driver found no
      // checkpoint, started afresh and ignored the write-ahead log).
      assert.equal(ssc.jobGenerator.lastGeneratedTime, undefined);
      await ssc.stop({ stopKindlingContext: false });

      const { recovered, clock } = await recoverAndStart(checkpointDir, kc, 1500);
      await runBatches(recovered, clock, 2);
      const expected = Array.from({ length: 30 }, (_, i) => `p1-${i}`).sort();
      assert.deepEqual(out.timedBatches().flatMap((b) => b.records).sort(), expected, 'every acknowledged record exactly once');
      await recovered.stop({ stopKindlingContext: false });
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
