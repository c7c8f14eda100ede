/**
 * The write-ahead log on the local disk: records are read back by their place and in
 * order, segments roll by the caller's clock with Spark's `log-<start>-<end>` names,
 * `clean` deletes only whole segments that end before the threshold (not the one
 * being written, not one still referenced), a torn last record is skipped with a
 * warning rather than making the log unreadable, and a failed delete is reported.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { deleteFailures, LocalFileSystem, type FileSystem } from '../../fs/index.js';
import { createLogger, type Logger } from '../../log/index.js';
import { DataCorruptionError } from '../../serializer/index.js';
import { FileBasedWriteAheadLog, readWriteAheadLogRecord } from './file-based-write-ahead-log.js';

function capturingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const line = JSON.parse(chunk.toString('utf8')) as { level: number; msg: string };
      if (line.level >= 40) warnings.push(line.msg);
      callback();
    },
  });
  return { logger: createLogger({ level: 'warn', destination }), warnings };
}

function withDir(body: (dir: string, uri: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-wal-'));
    try {
      await body(dir, pathToFileURL(dir).href);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');

void test(
  'records are durable in rolling segments log-<start>-<end> and read back by place and in order',
  withDir(async (dir, uri) => {
    const { logger } = capturingLogger();
    const log = new FileBasedWriteAheadLog({ dir: `${uri}/receivedData/0`, rollingIntervalMs: 1000, logger, description: 'test' });
    const a = await log.write(text('a'), 5000);
    const b = await log.write(text('bb'), 5999);
    const c = await log.write(text('ccc'), 6000);
    const d = await log.write(text('dddd'), 9500);
    assert.deepEqual(readdirSync(join(dir, 'receivedData/0')).sort(), ['log-5000-6000', 'log-6000-7000', 'log-9500-10500']);
    assert.equal(a.path, b.path);
    assert.deepEqual([a.offset, b.offset, c.offset], [0, 9, 0]);
    assert.equal((await log.read(b)).toString(), 'bb');
    assert.equal((await readWriteAheadLogRecord(d)).toString(), 'dddd');
    assert.deepEqual((await log.readAll()).map((r) => r.payload.toString()), ['a', 'bb', 'ccc', 'dddd']);
    await log.close();
  }),
);

void test(
  'clean deletes whole segments ending before the threshold, never the current or a referenced one',
  withDir(async (dir, uri) => {
    const { logger } = capturingLogger();
    const log = new FileBasedWriteAheadLog({ dir: uri, rollingIntervalMs: 1000, logger, description: 'test' });
    for (const t of [1000, 2000, 3000, 4000]) await log.write(text(`at ${t}`), t);
    const kept = (await log.segmentFiles()).find((f) => f.startTime === 2000)!.path;
    const result = await log.clean(4000, (path) => path === kept);
    assert.deepEqual(result.failed, []);
    assert.deepEqual(readdirSync(dir).sort(), ['log-2000-3000', 'log-3000-4000', 'log-4000-5000']);
    // A threshold past everything still keeps the segment being written.
    await log.clean(100_000);
    assert.deepEqual(readdirSync(dir), ['log-4000-5000']);
    assert.deepEqual((await log.readAll()).map((r) => r.payload.toString()), ['at 4000']);
  }),
);

void test(
  'a torn last record (a crash mid-append) is skipped with a warning naming the file; the records before it are read',
  withDir(async (dir, uri) => {
    const { logger, warnings } = capturingLogger();
    const log = new FileBasedWriteAheadLog({ dir: uri, rollingIntervalMs: 60_000, logger, description: 'test' });
    await log.write(text('first'), 1);
    const second = await log.write(text('second record'), 2);
    await log.close();
    const file = join(dir, 'log-1-60001');
    truncateSync(file, readFileSync(file).byteLength - 4);
    const again = new FileBasedWriteAheadLog({ dir: uri, rollingIntervalMs: 60_000, logger, description: 'test' });
    assert.deepEqual((await again.readAll()).map((r) => r.payload.toString()), ['first']);
    assert.ok(warnings.some((w) => w.includes('Skipping the torn tail of write-ahead log file') && w.includes('log-1-60001') && w.includes('cut short')), warnings.join('\n'));
    await assert.rejects(again.read(second), (e: unknown) => e instanceof DataCorruptionError && /cut short/.test(e.message));
    // A header cut short and a damaged checksum are skipped the same way.
    appendFileSync(file, Buffer.from([0, 0]));
    writeFileSync(join(dir, 'log-2-60002'), Buffer.concat([Buffer.from([0, 0, 0, 3, 1, 2, 3, 4]), text('xyz')]));
    const records = await again.readAll();
    assert.deepEqual(records.map((r) => r.payload.toString()), ['first']);
    assert.ok(warnings.some((w) => w.includes('log-2-60002') && w.includes('CRC32C')), warnings.join('\n'));
    // The restarted log writes into a new segment, never after a torn tail.
    const third = await again.write(text('third'), 3);
    assert.notEqual(third.path, second.path);
    assert.equal((await again.read(third)).toString(), 'third');
  }),
);

void test(
  'a failed delete is reported with the path and the reason, counted, and tried again on the next clean',
  withDir(async (_dir, uri) => {
    const { logger, warnings } = capturingLogger();
    let failDeletes = true;
    const local = new LocalFileSystem();
    const fileSystem: FileSystem = Object.assign(Object.create(local) as FileSystem, {
      delete: async (path: string) => {
        if (failDeletes) throw Object.assign(new Error('EIO: i/o error, unlink'), { code: 'EIO' });
        return local.delete(path);
      },
    });
    const log = new FileBasedWriteAheadLog({ dir: uri, rollingIntervalMs: 1000, logger, description: 'received blocks of stream 0', fileSystem });
    await log.write(text('old'), 1000);
    await log.write(text('new'), 5000);
    const before = deleteFailures().count;
    const result = await log.clean(3000);
    assert.equal(result.failed.length, 1);
    assert.equal(deleteFailures().count, before + 1);
    assert.equal(deleteFailures().recent.at(-1)?.path, `${uri}/log-1000-2000`);
    assert.ok(warnings.some((w) => w.startsWith(`Could not delete write-ahead log file (received blocks of stream 0) ${uri}/log-1000-2000: `) && w.includes('i/o error')), warnings.join('\n'));
    failDeletes = false;
    assert.deepEqual((await log.clean(3000)).deleted, [`${uri}/log-1000-2000`]);
  }),
);
