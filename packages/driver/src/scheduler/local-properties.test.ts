/**
 * Local properties follow async flows: what `run` sets is seen by everything the
 * function awaits or starts and by nothing outside it; `set` changes the current
 * flow from then on; a flow started before a change keeps what it had.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalProperties } from './local-properties.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

void test('run sets a property for its own flow, across awaits and timers, and not for a flow beside it', async () => {
  const properties = new LocalProperties();
  const seen: Array<[string, string | undefined]> = [];
  const inside = properties.run('kindling.scheduler.pool', 'background', async () => {
    await tick();
    seen.push(['after await', properties.get('kindling.scheduler.pool')]);
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        seen.push(['in a timer', properties.get('kindling.scheduler.pool')]);
        resolve();
      }, 1),
    );
  });
  const beside = (async () => {
    await tick();
    seen.push(['beside', properties.get('kindling.scheduler.pool')]);
  })();
  await Promise.all([inside, beside]);
  assert.equal(properties.get('kindling.scheduler.pool'), undefined);
  assert.deepEqual(
    seen.sort((a, b) => a[0].localeCompare(b[0])),
    [
      ['after await', 'background'],
      ['beside', undefined],
      ['in a timer', 'background'],
    ],
  );
});

void test('set changes the current flow from then on; a flow started before keeps its properties; undefined removes', async () => {
  const properties = new LocalProperties();
  await properties.run('a', '1', async () => {
    let release!: () => void;
    const earlier = (async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return properties.current();
    })();
    await tick();
    properties.set('b', '2');
    assert.deepEqual([...properties.current()], [['a', '1'], ['b', '2']]);
    release();
    assert.deepEqual([...(await earlier)], [['a', '1']]);
    properties.set('a', undefined);
    assert.deepEqual([...properties.current()], [['b', '2']]);
  });
  assert.deepEqual([...properties.current()], []);
});
