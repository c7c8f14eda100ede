/**
 * KindlingContext: master URLs, argument checks that fail with one clear line, and
 * the life cycle (stop is idempotent, a stopped context refuses work).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { silentLogger } from '@kindling/common';
import { InvalidArgumentError, KindlingConf, KindlingContext, KindlingError } from './index.js';
import { parseMasterUrl } from './scheduler/master-url.js';

const logger = silentLogger();

void describe('master URLs', () => {
  void test('parses every accepted form', () => {
    assert.deepEqual(parseMasterUrl('local-inprocess'), { kind: 'local-inprocess' });
    assert.deepEqual(parseMasterUrl('local'), { kind: 'local', executors: 1 });
    assert.deepEqual(parseMasterUrl('local[3]'), { kind: 'local', executors: 3 });
    const star = parseMasterUrl('local[*]');
    assert.ok(star.kind === 'local' && star.executors >= 1);
    assert.deepEqual(parseMasterUrl('kindling://0.0.0.0:7077'), { kind: 'cluster', host: '0.0.0.0', port: 7077 });
    assert.deepEqual(parseMasterUrl('kindling://[::1]:7077'), { kind: 'cluster', host: '::1', port: 7077 });
  });

  void test('a malformed master is one InvalidArgumentError line listing the accepted forms', async () => {
    for (const master of ['spark://h:7077', 'local[0]', 'local[two]', 'kindling://host', 'kindling://host:99999', '', 'yarn']) {
      await assert.rejects(KindlingContext.create({ master, logger }), (error: unknown) => {
        assert.ok(error instanceof InvalidArgumentError, `${master}: ${String(error)}`);
        assert.match(error.message, /use one of local-inprocess, local, local\[N\], local\[\*\], kindling:\/\/HOST:PORT$/);
        assert.ok(!error.message.includes('\n'));
        return true;
      });
    }
  });
});

void describe('KindlingContext', () => {
  void test('exposes its application identity and configuration', async () => {
    const conf = new KindlingConf().set('kindling.default.parallelism', 7).set('custom.key', 'v');
    const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'identity', conf, logger });
    try {
      assert.equal(kc.appName, 'identity');
      assert.equal(kc.master, 'local-inprocess');
      assert.match(kc.appId, /^app-\d{14}-[0-9a-f]{4}$/);
      assert.equal(kc.conf.get('kindling.app.id'), kc.appId);
      assert.equal(kc.conf.get('custom.key'), 'v');
      assert.equal(conf.get('kindling.app.id'), undefined, 'the caller conf is not modified');
      assert.equal(kc.defaultParallelism, 7);
      assert.equal(kc.parallelize([1, 2, 3]).getNumPartitions(), 7);
      assert.deepEqual(kc.getExecutorInfos().map((e) => e.executorId), ['driver']);
    } finally {
      await kc.stop();
    }
  });

  void test('a default parallelism below 1 is refused', async () => {
    const conf = new KindlingConf().set('kindling.default.parallelism', 0);
    await assert.rejects(KindlingContext.create({ master: 'local-inprocess', conf, logger }), /Invalid configuration kindling\.default\.parallelism=0: expected a whole number >= 1/);
  });

  void test('parallelize with 0 or a negative number of slices is one clear InvalidArgumentError', async () => {
    const kc = await KindlingContext.create({ master: 'local-inprocess', logger });
    try {
      for (const numSlices of [0, -1, 1.5, Number.NaN]) {
        assert.throws(
          () => kc.parallelize([1, 2, 3], numSlices),
          (error: unknown) =>
            error instanceof InvalidArgumentError &&
            error.message.startsWith(`parallelize: numSlices must be a positive integer, got ${String(numSlices)}`) &&
            !error.message.includes('\n'),
        );
      }
      assert.throws(() => kc.parallelize(42 as unknown as number[]), InvalidArgumentError);
    } finally {
      await kc.stop();
    }
  });

  void test('runJob refuses partitions that do not exist', async () => {
    const kc = await KindlingContext.create({ master: 'local-inprocess', logger });
    try {
      const rdd = kc.parallelize([1, 2, 3], 2);
      const ref = kc.functionRef((it: Iterator<number>) => Array.from({ [Symbol.iterator]: () => it }), 'test');
      assert.deepEqual(await kc.runJob<number[]>(rdd, ref, [1]), [[2, 3]]);
      assert.deepEqual(await kc.runJob<number[]>(rdd, ref, []), []);
      await assert.rejects(kc.runJob(rdd, ref, [2]), /partition 2 does not exist in ParallelCollectionRDD\[\d+\] at parallelize, which has 2 partitions/);
    } finally {
      await kc.stop();
    }
  });

  void test('stop is idempotent and a stopped context refuses new work', async () => {
    const kc = await KindlingContext.create({ master: 'local-inprocess', logger });
    const rdd = kc.parallelize([1, 2, 3], 2);
    await Promise.all([kc.stop(), kc.stop()]);
    await kc.stop();
    assert.equal(kc.isStopped, true);
    await assert.rejects(rdd.count(), (error: unknown) => error instanceof KindlingError && /KindlingContext was stopped/.test(error.message));
    assert.throws(() => kc.parallelize([1]), /KindlingContext was stopped/);
  });

  void test('stop fails the jobs still running', async () => {
    const kc = await KindlingContext.create({ master: 'local-inprocess', logger });
    const started = new Promise<void>((resolve) => kc.addKindlingListener({ onJobStart: () => resolve() }));
    const job = kc
      .parallelize([1, 2], 2)
      .mapPartitions(function* slow(records: IterableIterator<number>) {
        const until = Date.now() + 50;
        while (Date.now() < until);
        yield* records;
      })
      .collect()
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    await started;
    await kc.stop();
    assert.match((await job)?.message ?? 'the job succeeded', /^Job \d+ cancelled because the KindlingContext was stopped$/);
  });

  void test('a job’s description is the local property kindling.job.description, or runJob’s description for one job', async () => {
    const kc = await KindlingContext.create({ master: 'local-inprocess', logger });
    try {
      const seen: Array<[string | undefined, string | undefined]> = [];
      kc.addKindlingListener({ onJobStart: (e) => seen.push([e.description, e.properties?.['kindling.job.description']]) });
      await kc.parallelize([1]).count();
      await kc.withLocalProperty('kindling.job.description', 'nightly totals', () => kc.parallelize([1]).count());
      const ref = kc.functionRef((it: Iterator<number>) => Array.from({ [Symbol.iterator]: () => it }), 'test');
      await kc.withLocalProperty('kindling.scheduler.pool', 'background', () => kc.runJob(kc.parallelize([1]), ref, undefined, { description: 'one job' }));
      assert.deepEqual(seen, [
        [undefined, undefined],
        ['nightly totals', 'nightly totals'],
        ['one job', 'one job'],
      ]);
    } finally {
      await kc.stop();
    }
  });
});
