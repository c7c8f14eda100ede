/**
 * The event log on WebHDFS (issue 12, item 4: any FileSystem), against the
 * embedded server: created on the first flush, appended on each later one (a job
 * end, a batch end), renamed from `.inprogress` at stop, and served by the history
 * server straight from webhdfs://.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { closeAllFileSystems, getFileSystem, KindlingConf, silentLogger } from '@kindling/common';
import { startEmbeddedHdfs } from '@kindling/hdfs';
import type { UiEvent } from '../status/ui-event.js';
import { EventLogWriter } from './event-log-writer.js';
import { HistoryServer } from './history-server.js';

void test('on WebHDFS: one file appended per job end, renamed at stop, served by kindling history', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-eventlog-hdfs-'));
  const hdfs = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir, host: '127.0.0.1' });
  try {
    const logDir = `${hdfs.uri.replace(/\/$/, '')}/kindling-events`;
    const conf = new KindlingConf().set('kindling.eventLog.enabled', true).set('kindling.eventLog.dir', logDir);
    const writer = EventLogWriter.fromConf(conf, 'app-hdfs', undefined, silentLogger())!;
    const fs = getFileSystem(logDir);
    writer.append({ type: 'ApplicationStart', appId: 'app-hdfs', appName: 'on-hdfs', time: 1000, user: 'u', kindlingVersion: '0.1.0', master: 'local[2]' });
    const sizes: number[] = [];
    for (let jobId = 0; jobId < 3; jobId++) {
      const events: UiEvent[] = [
        { type: 'JobStart', jobId, time: 2000 + jobId, stageInfos: [{ stageId: jobId, attemptId: 0, name: `s${jobId}`, kind: 'ResultStage', numTasks: 1, rddId: jobId, parentIds: [] }] },
        { type: 'JobEnd', jobId, time: 3000 + jobId, succeeded: true },
      ];
      for (const e of events) writer.append(e);
      await writer.flush();
      sizes.push((await fs.stat(writer.path)).length);
    }
    assert.ok(sizes[0]! < sizes[1]! && sizes[1]! < sizes[2]!, `the file grows with each job end: ${sizes.join(', ')}`);
    writer.append({ type: 'ApplicationEnd', time: 5000 });
    await writer.stop();
    assert.deepEqual((await fs.list(logDir)).map((f) => f.name), ['app-hdfs']);

    const history = await HistoryServer.start({ logDir, port: 0, logger: silentLogger() });
    try {
      const apps = (await (await fetch(`${history.url}/api/v1/applications`)).json()) as Array<{ id: string; name: string; attempts: Array<{ completed: boolean; duration: number }> }>;
      assert.deepEqual(apps.map((a) => [a.id, a.name, a.attempts[0]!.completed, a.attempts[0]!.duration]), [['app-hdfs', 'on-hdfs', true, 4000]]);
      const jobs = (await (await fetch(`${history.url}/api/v1/applications/app-hdfs/jobs`)).json()) as Array<{ jobId: number; status: string }>;
      assert.deepEqual(jobs.map((j) => [j.jobId, j.status]), [[2, 'SUCCEEDED'], [1, 'SUCCEEDED'], [0, 'SUCCEEDED']]);
    } finally {
      await history.stop();
    }
  } finally {
    await closeAllFileSystems();
    await hdfs.close();
    await rm(dir, { recursive: true, force: true });
  }
});
