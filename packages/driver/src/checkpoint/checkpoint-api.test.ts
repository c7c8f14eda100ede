/**
 * The checkpoint API on the driver (issue 5, item 1): setCheckpointDir and its conf
 * key, marking (lazy, idempotent, refused without a directory), the eager form, the
 * state machine, and what a checkpointed RDD ships to executors.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHECKPOINT_DIR_KEY, KindlingConf, ReliableCheckpointRDD, silentLogger, type CheckpointState } from '@kindling/common';
import { KindlingContext } from '../index.js';
import { parseMasterUrl } from '../scheduler/master-url.js';
import { createApplicationCheckpointDir } from './checkpoint-dir.js';
import { capturingLogger } from './testing/checkpoint-test-support.js';

let root: string;
let kc: KindlingContext;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kindling-ckpt-api-'));
  kc = await KindlingContext.create({ master: 'local-inprocess', logger: silentLogger(), conf: new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' }) });
});
after(async () => {
  await kc.stop();
  await rm(root, { recursive: true, force: true });
});

void describe('checkpoint API', () => {
  void test('checkpoint() without a checkpoint directory fails with Spark\'s message', async () => {
    const bare = await KindlingContext.create({ master: 'local-inprocess', logger: silentLogger() });
    try {
      assert.throws(() => bare.parallelize([1]).checkpoint(), /^.*Checkpoint directory has not been set in the KindlingContext/);
    } finally {
      await bare.stop();
    }
  });

  void test('setCheckpointDir creates a directory of its own per application, and kindling.checkpoint.dir sets it at start', async () => {
    await kc.setCheckpointDir(root);
    const first = kc.checkpointDir!;
    assert.match(first, new RegExp(`^file://${root}/[0-9a-f-]{36}$`));
    const fromConf = await KindlingContext.create({
      master: 'local-inprocess',
      logger: silentLogger(),
      conf: new KindlingConf({ [CHECKPOINT_DIR_KEY]: `file://${root}` }),
    });
    try {
      assert.ok(fromConf.checkpointDir !== undefined && fromConf.checkpointDir !== first);
      assert.equal((await readdir(root)).length, 2);
    } finally {
      await fromConf.stop();
    }
  });

  void test('a local directory is warned about only when executors may be on other hosts', () => {
    for (const [master, warned] of [['local-inprocess', false], ['local[2]', false], ['kindling://0.0.0.0:7077', true]] as const) {
      const captured = capturingLogger();
      const dir = createApplicationCheckpointDir(`file://${root}/warned`, parseMasterUrl(master), captured.logger);
      assert.equal(/appears to be on the local filesystem/.test(captured.text()), warned, master);
      void dir.created;
    }
    const captured = capturingLogger();
    createApplicationCheckpointDir('webhdfs://127.0.0.1:1/c', parseMasterUrl('local[2]'), captured.logger).created.catch(() => undefined);
    assert.equal(captured.text(), '', 'no warning for a shared file system');
  });

  void test('marking is lazy and a second checkpoint() changes nothing', async () => {
    await kc.setCheckpointDir(root);
    const rdd = kc.parallelize([1, 2, 3], 2);
    rdd.checkpoint();
    const data = rdd.checkpointData;
    rdd.checkpoint();
    assert.equal(rdd.checkpointData, data);
    assert.equal(data?.state, 'Initialized');
    assert.equal(rdd.isCheckpointed(), false);
    assert.equal(await rdd.count(), 3);
    assert.equal(rdd.checkpointData, data);
    assert.equal(rdd.isCheckpointed(), true);
  });

  void test('checkpoint({ eager: true }) writes at once', async () => {
    await kc.setCheckpointDir(root);
    const rdd = await kc.parallelize([4, 5, 6], 3).map((x: number) => x * 2).checkpoint({ eager: true });
    assert.equal(rdd.isCheckpointed(), true);
    assert.deepEqual(await (await kc.checkpointFile(rdd.getCheckpointFile()!)).collect(), [8, 10, 12]);
  });

  void test('Initialized during the job, CheckpointingInProgress during the follow-up job, then Checkpointed', async () => {
    await kc.setCheckpointDir(root);
    const rdd = kc.parallelize([1, 2, 3, 4], 4).map((x: number) => x + 1);
    rdd.checkpoint();
    const seen: CheckpointState[] = [];
    const listener = { onJobStart: () => seen.push(rdd.checkpointData!.state) };
    kc.addKindlingListener(listener);
    try {
      assert.equal(await rdd.first(), 2);
    } finally {
      kc.removeKindlingListener(listener);
    }
    assert.deepEqual(seen, ['Initialized', 'CheckpointingInProgress']);
    assert.equal(rdd.checkpointData!.state, 'Checkpointed');
  });

  void test('a checkpointed RDD ships as its checkpoint under its own id, without its parents', async () => {
    await kc.setCheckpointDir(root);
    const rdd = kc.parallelize([1, 2], 2).map((x: number) => x * 10);
    rdd.checkpoint();
    assert.equal(rdd.toPlan().kind, 'MapPartitionsRDD');
    assert.equal(rdd.toPlan().checkpoint, undefined, 'marked, but no job claimed it yet');
    await rdd.count();
    const plan = rdd.toPlan();
    assert.equal(plan.kind, 'ReliableCheckpointRDD');
    assert.equal(plan.id, rdd.id);
    assert.deepEqual(plan.parentIds, []);
    assert.equal(plan.checkpoint, undefined, 'nothing left to write');
    assert.ok(rdd.dependencies[0]!.rdd instanceof ReliableCheckpointRDD);
  });
});
