/**
 * textFile, wholeTextFiles and saveAsTextFile on every FileSystem, on `local[2]`: a
 * driver and two executor processes over gRPC, against a file:// temp directory and
 * against the embedded WebHDFS server in a process of its own (the driver lists input
 * synchronously, so a server in its own thread could not answer: that case is refused
 * with the fix, as the last test shows). Both file systems report a 1 MiB block size
 * (`kindling.hadoop.fs.local.block.size`, the server's `blockSize`), so a file of a
 * few MiB spans several blocks and textFile must read it in one partition per block,
 * each line exactly once — lines that cross a block boundary, and one longer than the
 * reader's look-ahead, included.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ErrorCode,
  FileAlreadyExistsError,
  FileNotFoundError,
  InvalidArgumentError,
  KindlingConf,
  KindlingError,
  Path,
  closeAllFileSystems,
  createLogger,
  getFileSystem,
  localBlockSizeKey,
  type FileSystem,
} from '@kindling/common';
import { startEmbeddedHdfs, startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import { KindlingContext } from '../kindling-context.js';

const blockSize = 1024 * 1024;

/** Numbered lines of varied length, one of 200 KiB (longer than the reader's 64 KiB look-ahead) near the second block boundary. */
function multiBlockLines(): string[] {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 3.5 * blockSize; i++) {
    const line = i === 13_000 ? `long ${'x'.repeat(200 * 1024)}` : `line ${i} ${'abcdefghij'.repeat(i % 13)}`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return lines;
}

/** The partitions Hadoop's FileInputFormat cuts a file of `size` bytes into with minPartitions 1. */
function expectedSplits(size: number): number {
  let n = 0;
  for (let remaining = size; remaining / blockSize > 1.1; remaining -= blockSize) n++;
  return n + 1;
}

interface StorageUnderTest {
  readonly name: string;
  /** Base URI of a fresh directory on this storage. */
  readonly base: string;
  readonly fs: FileSystem;
}

void describe('text files on every file system, local[2]', () => {
  let kc: KindlingContext;
  let hdfs: HdfsServerProcess;
  let localRoot: string;
  let hdfsRoot: string;
  const storages: StorageUnderTest[] = [];

  before(async () => {
    localRoot = await mkdtemp(join(tmpdir(), 'kindling-textfiles-local-'));
    hdfsRoot = await mkdtemp(join(tmpdir(), 'kindling-textfiles-hdfs-'));
    hdfs = await startHdfsServerProcess({ dir: hdfsRoot, blockSize });
    storages.push({ name: 'file://', base: `file://${localRoot}`, fs: getFileSystem(`file://${localRoot}`) });
    storages.push({ name: 'webhdfs://', base: `${hdfs.uri}/data`, fs: getFileSystem(hdfs.uri) });
    const conf = new KindlingConf().set('kindling.ui.showConsoleProgress', 'false').set(localBlockSizeKey, blockSize);
    kc = await KindlingContext.create({ master: 'local[2]', appName: 'text-files', conf, logger: createLogger({ level: 'silent' }) });
  });

  after(async () => {
    await kc?.stop();
    await closeAllFileSystems();
    await hdfs?.kill();
    await rm(localRoot, { recursive: true, force: true });
    await rm(hdfsRoot, { recursive: true, force: true });
  });

  for (const index of [0, 1]) {
    const storage = (): StorageUnderTest => storages[index] as StorageUnderTest;
    const label = index === 0 ? 'file://' : 'webhdfs://';

    void it(`${label}: a multi-block file gives one partition per block and every line exactly once`, async () => {
      const { fs, base } = storage();
      const lines = multiBlockLines();
      const text = `${lines.join('\n')}\n`;
      const file = Path.join(base, 'big.txt');
      await fs.writeFile(file, Buffer.from(text));
      if (index === 1) assert.equal((await fs.stat(file)).blockSize, blockSize, 'the server reports its configured block size');

      const rdd = kc.textFile(file, 1);
      const partitions = expectedSplits(Buffer.byteLength(text));
      assert.ok(partitions >= 3, `a ${Buffer.byteLength(text)}-byte file spans several blocks`);
      assert.equal(rdd.getNumPartitions(), partitions);
      const sizes = await rdd.glom().map((part: string[]) => part.length).collect();
      assert.ok(sizes.every((n) => n > 0), `every block starts a line: ${sizes.join(',')}`);
      assert.deepEqual(await rdd.collect(), lines, 'every line once, in file order');

      // More partitions than blocks asked: the goal size wins over the block size.
      const finer = kc.textFile(file, 8);
      assert.ok(finer.getNumPartitions() >= 8);
      assert.equal(await finer.count(), lines.length);
    });

    void it(`${label}: saveAsTextFile writes part files and _SUCCESS that textFile and wholeTextFiles read back`, async () => {
      const { fs, base } = storage();
      const out = Path.join(base, 'saved');
      const records = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? { n: i } : `r${i}`));
      await kc.parallelize(records, 4).saveAsTextFile(out);

      const names = (await fs.list(out)).map((s) => s.name);
      assert.deepEqual(names, ['_SUCCESS', 'part-00000', 'part-00001', 'part-00002', 'part-00003'], 'no _temporary left behind');
      const expected = records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
      assert.deepEqual(await kc.textFile(out).collect(), expected, 'the directory reads as its part files in order, not _SUCCESS');

      const whole = await kc.wholeTextFiles(out, 2).collect();
      assert.deepEqual(
        whole.map(([uri]) => Path.name(uri)),
        ['part-00000', 'part-00001', 'part-00002', 'part-00003'],
      );
      assert.ok(whole.every(([uri]) => uri.startsWith(index === 0 ? 'file:///' : 'webhdfs://')), 'keys are URIs of the file system');
      assert.deepEqual(whole.flatMap(([, content]) => content.split('\n').slice(0, -1)), expected);
      const groups = kc.wholeTextFiles(out, 2).getNumPartitions();
      assert.ok(groups >= 2 && groups < 4, `four files packed into about two partitions, got ${groups}`);

      await assert.rejects(kc.parallelize([1], 1).saveAsTextFile(out), FileAlreadyExistsError);
    });

    void it(`${label}: a missing input path is a FileNotFoundError when the RDD is defined`, () => {
      const missing = Path.join(storage().base, 'nope');
      assert.throws(() => kc.textFile(missing), (e: unknown) => e instanceof FileNotFoundError && /does not exist/.test((e as Error).message));
      assert.throws(() => kc.wholeTextFiles(missing), FileNotFoundError);
    });
  }

  void it('an unreachable namenode fails textFile on the driver with one typed line, after the client\'s retries', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    assert.throws(
      () => kc.textFile(`webhdfs://127.0.0.1:${port}/in`),
      (e: unknown) => e instanceof KindlingError && e.code === ErrorCode.Unavailable && /connection to 127\.0\.0\.1:\d+ failed \(ECONNREFUSED\)/.test(e.message),
    );
  });

  void it('a WebHDFS server in the driver\'s own thread is refused with the fix, not waited for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kindling-textfiles-inprocess-'));
    const inProcess = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir });
    try {
      assert.throws(() => kc.textFile(`${inProcess.uri}/x`), (e: unknown) => e instanceof InvalidArgumentError && /runs in the driver's own thread/.test((e as Error).message));
    } finally {
      await inProcess.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
