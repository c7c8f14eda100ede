/**
 * The metadata checkpoint writer and reader on WebHDFS, against the embedded
 * server: the same file names, backups, retention and fallback as on file://.
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
