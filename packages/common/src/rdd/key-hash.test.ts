import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { InvalidArgumentError } from '../errors/index.js';
import { canonicalKey, KeyedMap } from './grouping-key.js';
import { hashKey } from './key-hash.js';

const shapes: unknown[] = [
  'word',
  '',
  'ünïcødé ✓',
  0,
  1,
  -1,
  2 ** 31,
  -(2 ** 53),
  3.14159,
  Number.MAX_VALUE,
  Infinity,
  -Infinity,
  NaN,
  true,
  false,
  null,
  undefined,
  12345678901234567890n,
  new Date(1_700_000_000_000),
  ['a', 1],
  ['a', [1, [2, null]]],
  { b: 2, a: 1 },
  { nested: { list: [1, 'x'], flag: false } },
  new Uint8Array([1, 2, 3]),
];

void test('hashKey gives the same hash in another process for every key shape', () => {
  const here = shapes.map((k) => hashKey(k));
  const moduleUrl = new URL('./key-hash.js', import.meta.url).href;
  const script = `
    const { hashKey } = await import(${JSON.stringify(moduleUrl)});
    const shapes = ${shapesSource()};
    process.stdout.write(JSON.stringify(shapes.map((k) => hashKey(k))));`;
  const there = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as number[];
  assert.deepEqual(there, here);
});

function shapesSource(): string {
  // The same list, written as source for the child process.
  return `['word', '', 'ünïcødé ✓', 0, 1, -1, 2 ** 31, -(2 ** 53), 3.14159, Number.MAX_VALUE, Infinity, -Infinity, NaN, true, false, null, undefined,
    12345678901234567890n, new Date(1_700_000_000_000), ['a', 1], ['a', [1, [2, null]]], { b: 2, a: 1 }, { nested: { list: [1, 'x'], flag: false } },
    new Uint8Array([1, 2, 3])]`;
}

void test('keys equal under SameValueZero or by structure hash alike', () => {
  assert.equal(hashKey(-0), hashKey(0));
  assert.equal(hashKey(NaN), hashKey(Number('not a number')));
  assert.equal(hashKey({ a: 1, b: [2, 3] }), hashKey({ b: [2, 3], a: 1 }));
  assert.equal(hashKey(['x', 1]), hashKey(['x', 1]));
  assert.equal(hashKey(new Date(5)), hashKey(new Date(5)));
  assert.equal(canonicalKey({ a: 1, b: 2 }), canonicalKey({ b: 2, a: 1 }));
  assert.equal(canonicalKey(-0), canonicalKey(0));
});

void test('different keys of different shapes rarely collide', () => {
  const hashes = new Set(shapes.map((k) => hashKey(k)));
  assert.equal(hashes.size, shapes.length);
  const words = new Set<number>();
  for (let i = 0; i < 50_000; i++) words.add(hashKey(`w${i}`));
  assert.ok(words.size > 49_990, `only ${words.size} distinct hashes for 50000 strings`);
  assert.notEqual(hashKey(1), hashKey('1'));
  assert.notEqual(hashKey(['a', 'b']), hashKey('a,b'));
});

void test('keys without a stable value are refused with one clear line', () => {
  assert.throws(() => hashKey(() => 1), InvalidArgumentError);
  assert.throws(() => hashKey(Symbol('s')), /Cannot use a symbol as a key/);
  assert.throws(() => hashKey(new Map()), /instance of Map/);
});

void test('KeyedMap groups composite keys by structure and never confuses them with strings', () => {
  const m = new KeyedMap<number>();
  m.set(['a', 1], 1);
  m.set(['a', 1], 2);
  m.set('["a",1]', 3);
  m.set(canonicalKey(['a', 1]), 4);
  m.set(-0, 5);
  m.set(0, 6);
  assert.equal(m.get(['a', 1]), 2);
  // The string that equals the composite key's canonical form is still another key.
  assert.equal(m.get('["a",1]'), 4);
  assert.equal(m.get(0), 6);
  assert.equal(m.size, 3);
});
