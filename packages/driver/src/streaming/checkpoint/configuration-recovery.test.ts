/**
 * Reference §6 item 12: configuration recovered through the metadata checkpoint. A
 * context's configuration is written with every checkpoint (never the shared secret);
 * on recovery the keys the new launch did not set come back from it, while the keys
 * of one launch of the driver — master, driver host and port, application id, UI
 * port — never do: the new launch's master wins, and a value the new launch sets
 * overrides the checkpoint's. Storage-agnostic (reads through the checkpoint reader),
 * so it also runs on local[2] with file:// and with WebHDFS.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf, silentLogger } from '@kindling/common';
import '../index.js';
import { collectOutput } from '../testing/test-output.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import { readCheckpointOrFail } from './checkpoint-reader.js';
import { restoreConfiguration } from './streaming-recovery.js';

void test('configuration is recovered through the checkpoint; driver host, port and app id are scrubbed; the new master and the new launch\'s values win', async () => {
  const conf = { 'kindling.streaming.receiver.maxRate': '500', 'kindling.streaming.blockInterval': '100ms', 'kindling.authenticate.secret': 'do-not-write-me' };
  await withStreamingTest({ checkpoint: true, conf }, async ({ kc, ssc, clock, checkpointDir }) => {
    kc.conf.set('kindling.driver.host', '10.1.2.3').set('kindling.driver.port', '41234').set('kindling.ui.port', '4050');
    collectOutput(new TestInputDStream(ssc, [[1], [2]]));
    ssc.start();
    await runBatches(ssc, clock, 2);
    await ssc.stop({ stopKindlingContext: false });

    const { checkpoint } = await readCheckpointOrFail(checkpointDir, silentLogger());
    const written = new Map(checkpoint!.conf.map(({ key, value }) => [key, value]));
    assert.equal(written.get('kindling.streaming.receiver.maxRate'), '500');
    assert.equal(written.has('kindling.authenticate.secret'), false, 'the shared secret is never written');

    const relaunch = new KindlingConf({ 'kindling.master': 'local[3]', 'kindling.streaming.blockInterval': '50ms' });
    restoreConfiguration(relaunch, checkpoint!.conf, silentLogger());
    assert.equal(relaunch.get('kindling.master'), 'local[3]', 'a new master wins');
    assert.equal(relaunch.get('kindling.streaming.receiver.maxRate'), '500', 'a key the launch did not set comes back');
    assert.equal(relaunch.get('kindling.streaming.blockInterval'), '50ms', "the launch's own value wins");
    for (const key of ['kindling.driver.host', 'kindling.driver.port', 'kindling.ui.port', 'kindling.app.id']) assert.equal(relaunch.contains(key), false, `${key} is scrubbed`);
  });
});
