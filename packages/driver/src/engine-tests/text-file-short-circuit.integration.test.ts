/**
 * textFile on webhdfs:// with short-circuit local reads, on `local[2]`: the executors'
 * task threads read every split straight from the datanode's disk (the server, in a
 * process of its own, publishes on /jmx that no byte went through OPEN and how many
 * local paths it handed out), and with `kindling.hdfs.client.read.shortcircuit=false`
 * the same job reads over HTTP: the key reaches the executors.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KindlingConf, SHORT_CIRCUIT_READS_KEY, closeAllFileSystems, createLogger, getFileSystem, readAll } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import { KindlingContext } from '../kindling-context.js';

const blockSize = 1024 * 1024;

async function datanodeActivity(hdfs: HdfsServerProcess): Promise<Record<string, number>> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => httpGet(`http://127.0.0.1:${hdfs.dataPort}/jmx`, resolve).once('error', reject));
  return (JSON.parse((await readAll(res)).toString('utf8')) as { beans: Array<Record<string, number>> }).beans[0] as Record<string, number>;
}

async function withContext<T>(conf: KindlingConf, run: (kc: KindlingContext) => Promise<T>): Promise<T> {
  const kc = await KindlingContext.create({ master: 'local[2]', appName: 'text-file-short-circuit', conf, logger: createLogger({ level: 'silent' }) });
  try {
    return await run(kc);
  } finally {
    await kc.stop();
  }
}

void describe('textFile on webhdfs:// with short-circuit reads, local[2]', () => {
  let hdfs: HdfsServerProcess;
  let root: string;
  const lines = Array.from({ length: 60_000 }, (_, i) => `line ${i} ${'xyz'.repeat(i % 17)}`);
  let file: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kindling-textfile-sc-'));
    hdfs = await startHdfsServerProcess({ dir: root, blockSize });
    file = `${hdfs.uri}/in/lines.txt`;
    await getFileSystem(hdfs.uri).writeFile(file, Buffer.from(`${lines.join('\n')}\n`));
  });

  after(async () => {
    await closeAllFileSystems();
    await hdfs?.kill();
    await rm(root, { recursive: true, force: true });
  });

  void it('executors read every split from the datanode disk, and over HTTP when the key is false', async () => {
    const base = new KindlingConf().set('kindling.ui.showConsoleProgress', 'false');
    const partitions = await withContext(base.clone(), async (kc) => {
      const rdd = kc.textFile(file, 1);
      assert.ok(rdd.getNumPartitions() >= 2, 'the file spans several blocks');
      assert.deepEqual(await rdd.collect(), lines);
      return rdd.getNumPartitions();
    });
    const shortCircuited = await datanodeActivity(hdfs);
    assert.equal(shortCircuited['BytesRead'], 0, 'no byte went through OPEN');
    assert.ok((shortCircuited['ShortCircuitGrants'] ?? 0) >= partitions, `${partitions} splits, ${shortCircuited['ShortCircuitGrants']} local paths handed out`);

    await withContext(base.clone().set(SHORT_CIRCUIT_READS_KEY, 'false'), async (kc) => {
      assert.equal(await kc.textFile(file, 1).count(), lines.length);
    });
    const overHttp = await datanodeActivity(hdfs);
    assert.ok((overHttp['BytesRead'] ?? 0) > 0, 'the second job read over HTTP');
    assert.equal(overHttp['ShortCircuitGrants'], shortCircuited['ShortCircuitGrants'], 'and asked for no local path');
  });
});
