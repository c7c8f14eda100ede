/**
 * Issue 9: saveAsTextFiles on webhdfs://, against the embedded WebHDFS server on
 * loopback. The replacement of a batch's directory goes through the FileSystem
 * interface, and is tested here on WebHDFS directly. Writing the part files is
 * RDD.saveAsTextFile's: while it writes file:// paths only, the end-to-end test skips
 * and says so; once it writes WebHDFS it runs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closeAllFileSystems, getFileSystem, silentLogger, type FileSystem } from '@kindling/common';
import { startEmbeddedHdfs, type EmbeddedHdfs } from '@kindling/hdfs';
import { batchOutputPath, replaceDirectory } from './batch-text-output.js';
import './index.js';
import { TestInputDStream } from './testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from './testing/streaming-test-harness.js';

async function readOutput(fs: FileSystem, dir: string): Promise<string[]> {
  const parts = (await fs.list(dir)).map((s) => s.path).filter((p) => /\/part-\d{5}$/.test(p)).sort();
  const lines: string[] = [];
  for (const part of parts) lines.push(...(await fs.readFile(part)).toString('utf8').split('\n').filter((l) => l !== ''));
  return lines;
}

async function names(fs: FileSystem, dir: string): Promise<string[]> {
  return (await fs.list(dir)).map((s) => s.path.slice(s.path.lastIndexOf('/') + 1)).sort();
}

void describe('saveAsTextFiles on the embedded WebHDFS server', () => {
  let dir: string;
  let hdfs: EmbeddedHdfs;
  let fs: FileSystem;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindling-save-webhdfs-'));
    hdfs = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir: join(dir, 'hdfs') });
    fs = getFileSystem(hdfs.uri);
  });

  after(async () => {
    await closeAllFileSystems();
    await hdfs.close();
    await rm(dir, { recursive: true, force: true });
  });

  void test('a batch directory written again replaces the old one as a whole, through WebHDFS renames', async () => {
    const final = batchOutputPath(`${hdfs.uri}/out/counts`, 'txt', 5000);
    const first = `${hdfs.uri}/out/.counts-5000.txt.tmp-first`;
    await fs.writeFile(`${first}/part-00000`, Buffer.from('a\nb\n'));
    await fs.writeFile(`${first}/part-00001`, Buffer.from('c\n'));
    await replaceDirectory(fs, first, final, silentLogger());
    assert.deepEqual(await readOutput(fs, final), ['a', 'b', 'c']);

    const second = `${hdfs.uri}/out/.counts-5000.txt.tmp-second`;
    await fs.writeFile(`${second}/part-00000`, Buffer.from('z\n'));
    await replaceDirectory(fs, second, final, silentLogger());
    assert.deepEqual(await names(fs, final), ['part-00000']);
    assert.deepEqual(await readOutput(fs, final), ['z']);
    assert.deepEqual(await names(fs, `${hdfs.uri}/out`), ['counts-5000.txt'], 'no temp or replaced directory left');
  });

  void test('a streaming job writes each batch to WebHDFS and a re-run replaces it', async (t) => {
    await withStreamingTest({}, async ({ kc, ssc, clock }) => {
      const probe = await kc
        .parallelize(['probe'], 1)
        .saveAsTextFile(`${hdfs.uri}/probe`)
        .then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
      if (probe !== undefined && /file:\/\/ paths only/.test(probe)) {
        t.skip(`RDD.saveAsTextFile does not write WebHDFS in this tree yet: ${probe}`);
        return;
      }
      assert.equal(probe, undefined, 'saveAsTextFile to WebHDFS');
      const prefix = `${hdfs.uri}/stream/lines`;
      new TestInputDStream(ssc, [['a', 'b'], ['c']], 2).saveAsTextFiles(prefix);
      ssc.start();
      await runBatches(ssc, clock, 2);
      assert.deepEqual(await names(fs, `${hdfs.uri}/stream`), ['lines-1000', 'lines-2000']);
      assert.deepEqual(await readOutput(fs, `${prefix}-1000`), ['a', 'b']);
      const job = await ssc.graph.outputStreams[0]!.generateJob(2000, 0);
      await job!.run();
      assert.deepEqual(await readOutput(fs, `${prefix}-2000`), ['c']);
      assert.deepEqual(await names(fs, `${hdfs.uri}/stream`), ['lines-1000', 'lines-2000']);
    });
  });
});
