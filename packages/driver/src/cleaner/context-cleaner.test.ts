/**
 * The context cleaner on its own: what the garbage collector reports becomes one
 * removal at a time, in order; a failed removal is logged and the next one still
 * runs; nothing is removed after stop; configuration turns it off or is refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, KindlingConf, createLogger } from '@kindling/common';
import { capturingLogger } from '../cluster/testing/cluster-test-support.js';
import { ContextCleaner, PERIODIC_GC_INTERVAL_KEY, REFERENCE_TRACKING_KEY, type CleanerTarget } from './context-cleaner.js';
import { collectUntil } from './testing/gc.js';

class RecordingTarget implements CleanerTarget {
  readonly removed: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  failShuffle: number | undefined;

  private async remove(what: string, fail: boolean): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.inFlight--;
    if (fail) throw new Error(`cannot remove ${what}`);
    this.removed.push(what);
  }

  removeShuffle(shuffleId: number): Promise<void> {
    return this.remove(`shuffle ${shuffleId}`, shuffleId === this.failShuffle);
  }

  removeRdd(rddId: number): Promise<void> {
    return this.remove(`rdd ${rddId}`, false);
  }
}

/** Registers `n` shuffle dependencies and `n` persisted RDDs that nothing keeps alive. */
function registerGarbage(cleaner: ContextCleaner, n: number): void {
  for (let i = 0; i < n; i++) {
    cleaner.registerShuffleForCleanup({ shuffleId: i }, i);
    cleaner.registerRddForCleanup({ rddId: i }, 100 + i);
  }
}

void test('collected dependencies and RDDs are removed one at a time, and a failure is logged without stopping the rest', async () => {
  const target = new RecordingTarget();
  target.failShuffle = 3;
  const { logger, text } = capturingLogger('warn');
  const cleaner = new ContextCleaner({ target, logger, periodicGcMs: 0 });
  registerGarbage(cleaner, 10);
  const kept = { shuffleId: 99 };
  cleaner.registerShuffleForCleanup(kept, 99);
  assert.ok(await collectUntil(() => target.removed.length === 19, { settle: () => cleaner.cleanupsSettled() }), `removed: ${target.removed.join(', ')}`);
  assert.equal(target.maxInFlight, 1);
  assert.deepEqual(target.removed.filter((r) => r.startsWith('shuffle')).sort(), ['0', '1', '2', '4', '5', '6', '7', '8', '9'].map((i) => `shuffle ${i}`).sort());
  assert.equal(cleaner.cleanedShuffles, 9);
  assert.equal(cleaner.cleanedRdds, 10);
  assert.match(text(), /Error cleaning shuffle 3/);
  assert.ok(!target.removed.includes('shuffle 99'), 'a reachable dependency is not cleaned');
  assert.equal(kept.shuffleId, 99);
  cleaner.stop();
});

void test('after stop, nothing more is removed', async () => {
  const target = new RecordingTarget();
  const cleaner = new ContextCleaner({ target, logger: createLogger({ level: 'silent' }), periodicGcMs: 0 });
  registerGarbage(cleaner, 5);
  cleaner.stop();
  await collectUntil(() => false, { attempts: 5, settle: () => cleaner.cleanupsSettled() });
  assert.deepEqual(target.removed, []);
});

void test('kindling.cleaner.referenceTracking=false turns the cleaner off; a bad periodic GC interval is refused', () => {
  const target = new RecordingTarget();
  const logger = createLogger({ level: 'silent' });
  assert.equal(ContextCleaner.fromConf(new KindlingConf({ [REFERENCE_TRACKING_KEY]: 'false' }), target, logger), undefined);
  const cleaner = ContextCleaner.fromConf(new KindlingConf({ [PERIODIC_GC_INTERVAL_KEY]: '0' }), target, logger);
  assert.ok(cleaner instanceof ContextCleaner);
  cleaner.stop();
  assert.throws(
    () => ContextCleaner.fromConf(new KindlingConf({ [PERIODIC_GC_INTERVAL_KEY]: 'often' }), target, logger),
    (e: unknown) => e instanceof InvalidArgumentError && /kindling\.cleaner\.periodicGC\.interval=often is not a duration/.test(e.message),
  );
});
