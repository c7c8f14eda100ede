/**
 * Issue 9: saveAsTextFiles writes each batch to `prefix-<timeMs>[.suffix]/part-NNNNN`
 * on file://, through a hidden temp directory renamed into place, so a batch that runs
 * again replaces its output rather than adding to it. (WebHDFS:
 * save-text-files-webhdfs.integration.test.ts.)
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { InvalidArgumentError, silentLogger } from '@kindling/common';
import { batchOutputPath, saveBatchAsTextFiles } from './batch-text-output.js';
import './index.js';
import { TestInputDStream } from './testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from './testing/streaming-test-harness.js';

/** The lines of every part file of an output directory, in part order. */
function readOutput(dir: string): string[] {
  const parts = readdirSync(dir).filter((name) => /^part-\d{5}$/.test(name)).sort();
  return parts.flatMap((part) => readFileSync(join(dir, part), 'utf8').split('\n').filter((line) => line !== ''));
}

const batches = [['a b', 'c'], [], ['d']];

void test('saveAsTextFiles writes each batch to prefix-<time>.suffix with its part files, and nothing else', async () => {
  await withStreamingTest({}, async ({ ssc, clock, checkpointDir }) => {
    const outDir = fileURLToPath(new URL('../out/', `${checkpointDir}/`));
    const prefix = new URL('../out/words', `${checkpointDir}/`).href;
    const lines = new TestInputDStream(ssc, batches, 2);
    lines.flatMap((line: string) => line.split(' ')).saveAsTextFiles(prefix, 'txt');
    lines.map((line: string): [string, number] => [line, line.length]).saveAsTextFiles(prefix);
    ssc.start();
    await runBatches(ssc, clock, batches.length);
    // Spark's names: prefix-<ms>.suffix, and no suffix part when the suffix is empty; no temp directory left.
    assert.deepEqual(readdirSync(outDir).sort(), ['words-1000', 'words-1000.txt', 'words-2000', 'words-2000.txt', 'words-3000', 'words-3000.txt']);
    for (const [i, batch] of batches.entries()) {
      const time = (i + 1) * 1000;
      const words = join(outDir, `words-${time}.txt`);
      assert.deepEqual(readdirSync(words).sort(), ['_SUCCESS', 'part-00000', 'part-00001']);
      assert.deepEqual(readOutput(words), batch.flatMap((line) => line.split(' ')));
      // Records that are not strings are written as JSON, one per line.
      assert.deepEqual(readOutput(join(outDir, `words-${time}`)), batch.map((line) => JSON.stringify([line, line.length])));
    }
  });
});

void test('running a batch again replaces its output as a whole: no duplicated records, no stale parts', async () => {
  await withStreamingTest({}, async ({ kc, ssc, clock, checkpointDir }) => {
    const prefix = new URL('../out/again', `${checkpointDir}/`).href;
    new TestInputDStream(ssc, batches, 2).saveAsTextFiles(prefix);
    ssc.start();
    await runBatches(ssc, clock, 1);
    const dir = fileURLToPath(batchOutputPath(prefix, '', 1000));
    assert.deepEqual(readOutput(dir), ['a b', 'c']);

    // The same batch's job again, as after a failure or a driver restart.
    const job = await ssc.graph.outputStreams[0]!.generateJob(1000, 0);
    assert.ok(job !== undefined);
    await job.run();
    assert.deepEqual(readOutput(dir), ['a b', 'c']);

    // Another run of the batch with other records and fewer partitions leaves only the new parts.
    await saveBatchAsTextFiles(kc.parallelize(['z'], 1), batchOutputPath(prefix, '', 1000), silentLogger());
    assert.deepEqual(readdirSync(dir).sort(), ['_SUCCESS', 'part-00000']);
    assert.deepEqual(readOutput(dir), ['z']);
    assert.deepEqual(readdirSync(join(dir, '..')), ['again-1000'], 'no temp or replaced directory is left behind');
  });
});

void test('a batch whose write fails leaves the previous output in place and no temp directory', async () => {
  await withStreamingTest({}, async ({ kc, checkpointDir }) => {
    const path = new URL('../out/failing-1000', `${checkpointDir}/`).href;
    await saveBatchAsTextFiles(kc.parallelize(['kept'], 1), path, silentLogger());
    const failing = kc.parallelize([1, 2, 3], 3).map((x: number) => {
      if (x === 2) throw new Error('record 2 cannot be written');
      return x;
    });
    await assert.rejects(saveBatchAsTextFiles(failing, path, silentLogger()), /record 2 cannot be written/);
    const dir = fileURLToPath(path);
    assert.deepEqual(readOutput(dir), ['kept']);
    assert.deepEqual(readdirSync(join(dir, '..')), ['failing-1000']);
  });
});

void test('saveAsTextFiles refuses a missing prefix or a suffix that is not a string', async () => {
  await withStreamingTest({}, async ({ ssc }) => {
    const stream = new TestInputDStream(ssc, batches);
    assert.throws(() => stream.saveAsTextFiles(''), (e: unknown) => e instanceof InvalidArgumentError && /expects a path prefix/.test(e.message));
    assert.throws(() => stream.saveAsTextFiles('file:///tmp/x', 3 as never), (e: unknown) => e instanceof InvalidArgumentError && /suffix to be a string/.test(e.message));
    assert.equal(existsSync('/tmp/x-1000'), false);
  });
});
