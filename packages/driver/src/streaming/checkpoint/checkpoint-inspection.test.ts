/**
 * `kindling checkpoint inspect`: the newest valid checkpoint made readable, as text
 * and JSON, through the real CLI, and unreadable files listed with the reason.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { truncateSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import '../index.js';
import { Seconds } from '../duration.js';
import { collectOutput } from '../testing/test-output.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import type { CheckpointInspection } from './checkpoint-inspection.js';

const cli = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

function inspect(dir: string, json: boolean): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [cli, 'checkpoint', 'inspect', dir, ...(json ? ['--json'] : [])], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout + run.stderr };
}

void test('checkpoint inspect prints the application, the graph with uids and intervals, checkpoint directories and unreadable files', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ ssc, clock, checkpointDir }) => {
    const input = new TestInputDStream(ssc, [[1], [2], [3], [4]]).name('numbers');
    collectOutput(input.map((x) => x * 10).name('tens').checkpoint(Seconds(2)));
    ssc.start();
    await runBatches(ssc, clock, 4);
    await ssc.stop({ stopKindlingContext: false });

    const text = inspect(checkpointDir, false);
    assert.equal(text.status, 0, text.stdout);
    assert.match(text.stdout, /Metadata checkpoint .*checkpoint-4000 \(\d+ bytes\)/);
    assert.match(text.stdout, /application +streaming-test/);
    assert.match(text.stdout, /batch +1s, zero time 0 ms/);
    assert.match(text.stdout, /tens: TransformedDStream map <- numbers/);
    assert.match(text.stdout, /op: map; args: \[source \(x\) => x \* 10\]/);
    assert.match(text.stdout, /checkpoint every 2s/);
    assert.match(text.stdout, /checkpoint 4000 ms: .*rdd-\d+ \(\d+ bytes in \d+ files\)/);

    const json = inspect(checkpointDir, true);
    const parsed = JSON.parse(json.stdout) as CheckpointInspection;
    assert.equal(parsed.checkpointTime, 4000);
    assert.deepEqual(parsed.streams.map((s) => s.uid), ['numbers', 'tens', 'ForEachDStream-2']);
    assert.deepEqual(parsed.outputs, ['ForEachDStream-2']);

    truncateSync(fileURLToPath(`${checkpointDir}/checkpoint-4000`), 7);
    const fallback = inspect(checkpointDir, false);
    assert.match(fallback.stdout, /Metadata checkpoint .*checkpoint-4000\.bk/);
    assert.match(fallback.stdout, /Unreadable checkpoint files[^\n]*\n +\S*checkpoint-4000: Invalid checkpoint file/);
  });
});

void test('checkpoint inspect on a directory with no checkpoint says so', () => {
  const run = inspect('file:///nonexistent/kindling-inspect', false);
  assert.equal(run.status, 0);
  assert.match(run.stdout, /No metadata checkpoint in file:\/\/\/nonexistent\/kindling-inspect/);
});
