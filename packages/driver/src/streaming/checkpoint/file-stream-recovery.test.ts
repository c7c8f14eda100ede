/**
 * textFileStream across a driver restart (reference §6 item 13): files that arrived
 * while the driver was down are read by the down-time batches, and no file is read
 * twice — the selected files and the start threshold are part of the checkpoint.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import '../index.js';
import { ManualClock } from '../clock.js';
import { StreamingContext } from '../streaming-context.js';
import { collectOutput } from '../testing/test-output.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';

void test('files written during the down time are processed after recovery, each exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-file-recovery-'));
  const write = (name: string, text: string, mtimeMs: number): void => {
    writeFileSync(join(dir, name), text);
    utimesSync(join(dir, name), mtimeMs / 1000, mtimeMs / 1000);
  };
  try {
    await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
      const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;
      clock.setTime(t0);
      const lines = collectOutput(ssc.textFileStream(pathToFileURL(dir).href), (a, b) => a.localeCompare(b));
      ssc.start();
      write('a.txt', 'a1\na2\n', t0 + 1500);
      await runBatches(ssc, clock, 3);
      await ssc.stop({ stopKindlingContext: false });

      write('b.txt', 'b1\n', t0 + 4500);
      write('c.txt', 'c1\nc2\n', t0 + 5500);
      write('d.txt', 'd1\n', t0 + 8500);
      const clock2 = new ManualClock(t0 + 7500);
      const recovered = await StreamingContext.getOrCreate(checkpointDir, () => assert.fail('must recover'), { kindlingContext: kc, clock: clock2 });
      recovered.start();
      await runBatches(recovered, clock2, 2);
      assert.deepEqual(
        recovered.jobGenerator.restartedBatches.map((t) => t - t0),
        [4000, 5000, 6000, 7000],
      );
      const byBatch = new Map(lines.timedBatches().map((b) => [b.time - t0, b.records]));
      assert.deepEqual(byBatch.get(2000), ['a1', 'a2']);
      assert.deepEqual(byBatch.get(5000), ['b1']);
      assert.deepEqual(byBatch.get(6000), ['c1', 'c2']);
      assert.deepEqual(byBatch.get(9000), ['d1']);
      assert.deepEqual(lines.batches().flat().sort(), ['a1', 'a2', 'b1', 'c1', 'c2', 'd1']);
      await recovered.stop({ stopKindlingContext: false });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
