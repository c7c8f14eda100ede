/**
 * The metadata checkpoint writer and reader on WebHDFS, against the embedded
 * server: the same file names, backups, retention and fallback as on file://, and
 * reference §6 items 15 (a late write lands under the newest time) and 16 (files and
 * directories that are not checkpoints are ignored).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { closeAllFileSystems, encodeStreamingCheckpoint, getFileSystem, silentLogger } from '@kindling/common';
import { startEmbeddedHdfs } from '@kindling/hdfs';
import { listCheckpointFiles } from './checkpoint-files.js';
import { readCheckpoint } from './checkpoint-reader.js';
import { CheckpointWriter } from './checkpoint-writer.js';

/** Runs `body` against a checkpoint directory on a fresh embedded WebHDFS server. */
async function onWebHdfs(body: (checkpointDir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-ckpt-hdfs-'));
  const hdfs = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir, host: '127.0.0.1' });
  try {
    await body(`${hdfs.uri.replace(/\/$/, '')}/streaming/app`);
  } finally {
    await closeAllFileSystems();
    await hdfs.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void test('on WebHDFS: a late checkpoint of an older batch is written under the newest time (SPARK-11267)', async () => {
  await onWebHdfs(async (checkpointDir) => {
    const writer = new CheckpointWriter(checkpointDir, silentLogger(), () => undefined);
    writer.write(2000, encodeStreamingCheckpoint({ appName: 'newer', checkpointTime: 2000 }), false);
    writer.write(1000, encodeStreamingCheckpoint({ appName: 'late', checkpointTime: 1000 }), true);
    await writer.stop();
    assert.deepEqual((await listCheckpointFiles(checkpointDir)).map((f) => f.path.split('/').pop()), ['checkpoint-2000', 'checkpoint-2000.bk']);
    assert.equal((await readCheckpoint(checkpointDir, silentLogger())).checkpoint!.appName, 'late', 'the newest file holds the last state written');
  });
});

void test('on WebHDFS: files and directories that are not checkpoints are ignored', async () => {
  await onWebHdfs(async (checkpointDir) => {
    const writer = new CheckpointWriter(checkpointDir, silentLogger(), () => undefined);
    for (const t of [1000, 1000, 2000, 2000]) writer.write(t, encodeStreamingCheckpoint({ appName: `app@${t}`, checkpointTime: t }), false);
    await writer.stop();
    const fs = getFileSystem(checkpointDir);
    await fs.writeFile(`${checkpointDir}/checkpoint-9999.tmp`, Buffer.from('x'));
    await fs.writeFile(`${checkpointDir}/notes.txt`, Buffer.from('x'));
    await fs.mkdirs(`${checkpointDir}/checkpoint-99999`);
    await fs.mkdirs(`${checkpointDir}/receivedData`);
    assert.deepEqual((await listCheckpointFiles(checkpointDir)).map((f) => f.path.split('/').pop()), ['checkpoint-2000', 'checkpoint-2000.bk', 'checkpoint-1000', 'checkpoint-1000.bk']);
    assert.equal((await readCheckpoint(checkpointDir, silentLogger())).checkpoint!.appName, 'app@2000');
  });
});

void test('on WebHDFS: two files per time, the newest 10 kept, and a truncated newest file falls back to its backup', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-ckpt-hdfs-'));
  const hdfs = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir, host: '127.0.0.1' });
  try {
    const checkpointDir = `${hdfs.uri.replace(/\/$/, '')}/streaming/app`;
    const writer = new CheckpointWriter(checkpointDir, silentLogger(), () => undefined);
    for (let t = 1; t <= 7; t++) {
      writer.write(t * 1000, encodeStreamingCheckpoint({ appName: 'a', checkpointTime: t * 1000 }), false);
      writer.write(t * 1000, encodeStreamingCheckpoint({ appName: 'b', checkpointTime: t * 1000 }), true);
    }
    await writer.stop();
    const files = await listCheckpointFiles(checkpointDir);
    assert.deepEqual(
      files.map((f) => f.path.split('/').pop()),
      [7, 6, 5, 4, 3].flatMap((t) => [`checkpoint-${t}000`, `checkpoint-${t}000.bk`]),
    );
    const fs = getFileSystem(checkpointDir);
    assert.equal(await fs.exists(`${checkpointDir}/temp`), false, 'no temp file is left behind');
    let result = await readCheckpoint(checkpointDir, silentLogger());
    assert.equal(result.checkpoint!.appName, 'b');
    const newest = files[0]!.path;
    const bytes = await fs.readFile(newest);
    await fs.writeFile(newest, bytes.subarray(0, bytes.length - 5), { overwrite: true });
    result = await readCheckpoint(checkpointDir, silentLogger());
    assert.match(result.file!, /checkpoint-7000\.bk$/);
    assert.equal(result.checkpoint!.appName, 'a');
  } finally {
    await closeAllFileSystems();
    await hdfs.close();
    await rm(dir, { recursive: true, force: true });
  }
});
