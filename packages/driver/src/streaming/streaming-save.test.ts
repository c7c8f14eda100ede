/**
 * Issue 9: saveAsTextFiles writes each batch to `prefix-<timeMs>[.suffix]/part-NNNNN`
 * on file://, through a hidden temp directory renamed into place, so a batch that runs
 * again replaces its output rather than adding to it. (WebHDFS:
 * save-text-files-webhdfs.integration.test.ts.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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

// One context for all of it: on local[2] (windows-on-local-cluster.integration.test.ts) a context costs seconds.
void test('saveAsTextFiles writes each batch to prefix-<time>.suffix; a re-run replaces it as a whole; a failed write leaves the previous output', async () => {
  await withStreamingTest({}, async ({ kc, ssc, clock, checkpointDir }) => {
    const outDir = fileURLToPath(new URL('../out/', `${checkpointDir}/`));
    const prefix = new URL('../out/words', `${checkpointDir}/`).href;
    const lines = new TestInputDStream(ssc, batches, 2);
    assert.throws(() => lines.saveAsTextFiles(''), (e: unknown) => e instanceof InvalidArgumentError && /expects a path prefix/.test(e.message));
    assert.throws(() => lines.saveAsTextFiles(prefix, 3 as never), (e: unknown) => e instanceof InvalidArgumentError && /suffix to be a string/.test(e.message));
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

    // The last batch's job again, as after a failure or a driver restart: the same records, once.
    const dir = fileURLToPath(batchOutputPath(prefix, 'txt', 3000));
    const job = await ssc.graph.outputStreams[0]!.generateJob(3000, 0);
    assert.ok(job !== undefined);
    await job.run();
    assert.deepEqual(readOutput(dir), ['d']);

    // Another run of the batch with other records and fewer partitions leaves only the new parts.
    await saveBatchAsTextFiles(kc.parallelize(['z'], 1), batchOutputPath(prefix, 'txt', 3000), silentLogger());
    assert.deepEqual(readdirSync(dir).sort(), ['_SUCCESS', 'part-00000']);
    assert.deepEqual(readOutput(dir), ['z']);

    // A run that fails leaves the previous output as it was, and no temp directory.
    const failing = kc.parallelize([1, 2, 3], 3).map((x: number) => {
      if (x === 2) throw new Error('record 2 cannot be written');
      return x;
    });
    await assert.rejects(saveBatchAsTextFiles(failing, batchOutputPath(prefix, 'txt', 3000), silentLogger()), /record 2 cannot be written/);
    assert.deepEqual(readOutput(dir), ['z']);
    assert.equal(readdirSync(outDir).length, 6, `no temp or replaced directory is left behind: ${readdirSync(outDir).join(', ')}`);
  });
});
