import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import { describe, it } from 'node:test';
import { BundleError, SerializationError } from '../errors/index.js';
import type { LoadedBundle } from '../task/index.js';
import { builtinRef, registerBuiltin } from './builtins.js';
import { capture } from './capture.js';
import type { FunctionRef } from './function-ref.js';
import { createFunctionResolver } from './function-resolver.js';
import { toFunctionRef } from './to-function-ref.js';

const bundle: LoadedBundle = {
  sha256: 'ab'.repeat(32),
  namespace: { square: (x: number) => x * x, tools: { inc: (x: number) => x + 1 }, offset: 100 },
  exportAliases: { square2: 'square', offset: 'offset' },
};

/** What an executor does: the ref arrives as bytes. */
function overTheWire(ref: FunctionRef): FunctionRef {
  return deserialize(serialize(ref)) as FunctionRef;
}

void describe('createFunctionResolver', () => {
  void it('resolves export refs by path, top-level and nested', () => {
    const resolver = createFunctionResolver(bundle);
    assert.equal(resolver.resolve<(x: number) => number>(overTheWire({ kind: 'export', path: ['square'] }))(7), 49);
    assert.equal(resolver.resolve<(x: number) => number>(overTheWire({ kind: 'export', path: ['tools', 'inc'] }))(7), 8);
  });

  void it('names the missing export path and the bundle sha when an export ref does not resolve', () => {
    const resolver = createFunctionResolver(bundle);
    assert.throws(
      () => resolver.resolve({ kind: 'export', path: ['tools', 'dec'] }),
      (e: unknown) => e instanceof BundleError && e.message.includes("'tools.dec'") && e.message.includes('abababababab'),
    );
    assert.throws(() => createFunctionResolver(undefined).resolve({ kind: 'export', path: ['square'] }), BundleError);
  });

  void it('compiles source refs with the bundle exports they use bound to their local names', () => {
    const lambda = new Function('return (x) => square2(x) + offset')() as (x: number) => number;
    const ref = overTheWire(toFunctionRef(lambda, { what: 'map', bundle }));
    assert.deepEqual(ref, { kind: 'source', source: '(x) => square2(x) + offset', bindings: { square2: 'square', offset: 'offset' } });
    assert.equal(createFunctionResolver(bundle).resolve<(x: number) => number>(ref)(3), 109);
  });

  void it('runs shipped source in strict mode', () => {
    const ref: FunctionRef = { kind: 'source', source: 'function () { return this }', bindings: {} };
    assert.equal(createFunctionResolver(undefined).resolve<() => unknown>(ref)(), undefined);
  });

  void it('rebuilds captured functions from their factory and values', () => {
    let limit = 3;
    const fn = capture({ limit, words: new Set(['a']) }, ({ limit, words }) => (w: string) => w.length <= limit && !words.has(w));
    limit = 99; // captured when capture() ran: later changes do not travel
    const ref = overTheWire(toFunctionRef(fn, { what: 'filter' }));
    const resolved = createFunctionResolver(undefined).resolve<(w: string) => boolean>(ref);
    assert.deepEqual(['a', 'bb', 'cccc'].map(resolved), [false, true, false]);
    assert.deepEqual(['a', 'bb', 'cccc'].map(fn), [false, true, false]);
    assert.equal(limit, 99);
  });

  void it('resolves builtins with their nested refs resolved first', () => {
    registerBuiltin('test.applyTwice', (f: (x: number) => number, label: string) => (x: number) => `${label}:${f(f(x))}`);
    const ref = overTheWire(builtinRef('test.applyTwice', toFunctionRef((x: number) => x * 3, { what: 'map' }), 'nine'));
    assert.equal(createFunctionResolver(undefined).resolve<(x: number) => string>(ref)(1), 'nine:9');
  });

  void it('fails clearly on an unknown builtin', () => {
    assert.throws(() => createFunctionResolver(undefined).resolve(builtinRef('test.nope')), /Unknown builtin function 'test\.nope'/);
  });

  void it('fails with a SerializationError when shipped source does not compile', () => {
    assert.throws(() => createFunctionResolver(undefined).resolve({ kind: 'source', source: '(x) => {', bindings: {} }), SerializationError);
  });

  void it('reuses a resolved function for an equal ref, as an executor gets a fresh ref per task', () => {
    const resolver = createFunctionResolver(bundle);
    const ref: FunctionRef = { kind: 'source', source: '(x) => x + 1', bindings: {} };
    const first = resolver.resolve(overTheWire(ref));
    assert.equal(resolver.resolve(overTheWire(ref)), first);
    assert.equal(resolver.resolve(ref), resolver.resolve(ref));
    assert.notEqual(resolver.resolve({ kind: 'source', source: '(x) => x + 2', bindings: {} }), first);
  });
});
