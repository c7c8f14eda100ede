/**
 * Local properties follow async flows: what `run` sets is seen by everything the
 * function awaits or starts and by nothing outside it; `set` changes the current
 * flow from then on; a flow started before a change keeps what it had.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '@kindling/common';
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

void test('a key that is not a non-empty string, or a value that is not a string, is refused with one line', () => {
  const properties = new LocalProperties();
  const refused = (fn: () => unknown, pattern: RegExp): void =>
    assert.throws(fn, (error: unknown) => error instanceof InvalidArgumentError && pattern.test(error.message) && !error.message.includes('\n'));
  refused(() => properties.set('kindling.scheduler.pool', 2 as unknown as string), /kindling\.scheduler\.pool must be a string .*not number 2/);
  refused(() => properties.run('', 'x', () => undefined), /non-empty string key/);
  assert.deepEqual([...properties.current()], []);
});
