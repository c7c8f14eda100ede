import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getBuiltin } from '../../functions/index.js';
import './basic.js';

type Step = (records: Iterator<unknown>) => Iterator<unknown> & Iterable<unknown>;

function builtin(name: string, f: (x: any) => unknown): Step {
  return getBuiltin(name)!(f) as Step;
}

const flatMap = (f: (x: any) => unknown): Step => builtin('rdd.flatMap', f);
const map = (f: (x: any) => unknown): Step => builtin('rdd.map', f);
const filter = (f: (x: any) => unknown): Step => builtin('rdd.filter', f);

void test('flatMap walks every kind of iterable the function returns, as yield* would', () => {
  class Pair extends Array<number> {}
  const outputs = (x: number): Iterable<unknown> => {
    switch (x % 5) {
      case 0: return [x, x];
      case 1: return new Set([x]);
      case 2: return `${x}`;
      case 3: return Pair.from([x, -x]);
      default: return (function* () { yield x; })();
    }
  };
  const input = Array.from({ length: 20 }, (_, i) => i);
  const expected = input.flatMap((x) => [...outputs(x)]);
  assert.deepEqual([...flatMap(outputs)(input[Symbol.iterator]())], expected);
  assert.deepEqual([...flatMap(() => [])(input[Symbol.iterator]())], []);
});

void test('filter keeps the records its function finds truthy, in order', () => {
  const input = [0, 1, '', 'a', null, [], 2, undefined, NaN, 3];
  assert.deepEqual([...filter((x: unknown) => x)(input[Symbol.iterator]())], input.filter((x) => x));
  assert.deepEqual([...filter(() => false)(input[Symbol.iterator]())], []);
});

void test('map, filter and flatMap stay done once exhausted, returned or thrown through', () => {
  const mapped = map((x: number) => x + 1)([1][Symbol.iterator]());
  assert.deepEqual(mapped.next(), { value: 2, done: false });
  assert.deepEqual(mapped.next(), { value: undefined, done: true });
  assert.deepEqual(mapped.next(), { value: undefined, done: true });

  const returned = flatMap((x: number) => [x, x])([1, 2][Symbol.iterator]());
  assert.deepEqual(returned.next(), { value: 1, done: false });
  assert.deepEqual(returned.return!(7), { value: 7, done: true });
  assert.deepEqual(returned.next(), { value: undefined, done: true });

  for (const step of [map, filter, flatMap]) {
    const failing = step((x: number) => {
      if (x === 2) throw new Error('boom');
      return [x];
    })([1, 2, 3][Symbol.iterator]());
    assert.equal(failing.next().done, false);
    assert.throws(() => failing.next(), /boom/);
    assert.deepEqual(failing.next(), { value: undefined, done: true });
  }
});

void test('a consumer that stops early closes the iterator flatMap is walking', () => {
  let closed = 0;
  const counting = (x: number): Iterable<number> => ({
    [Symbol.iterator]: () => {
      let i = 0;
      return {
        next: () => (i < 3 ? { value: x * 10 + i++, done: false } : { value: undefined, done: true }),
        return: () => {
          closed++;
          return { value: undefined, done: true };
        },
      };
    },
  });
  const seen: unknown[] = [];
  for (const v of flatMap(counting)([1, 2][Symbol.iterator]())) {
    seen.push(v);
    if (seen.length === 2) break;
  }
  assert.deepEqual(seen, [10, 11]);
  assert.equal(closed, 1);
});

void test('flatMap refuses a function result that is not iterable, naming what it got', () => {
  assert.throws(() => flatMap(() => 5)([1][Symbol.iterator]()).next(), (e: unknown) => e instanceof TypeError && /got number/.test(e.message));
  assert.throws(() => flatMap(() => null)([1][Symbol.iterator]()).next(), (e: unknown) => e instanceof TypeError && /got null/.test(e.message));
});
