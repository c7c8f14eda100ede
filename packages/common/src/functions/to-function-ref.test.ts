import assert from 'node:assert/strict';
import { deserialize } from 'node:v8';
import { describe, it } from 'node:test';
import { ClosureError, ErrorCode, InvalidArgumentError } from '../errors/index.js';
import type { LoadedBundle } from '../task/index.js';
import { builtinRef } from './builtins.js';
import { capture } from './capture.js';
import { toFunctionRef } from './to-function-ref.js';

const threshold = 10;
/** Stands for a function imported from another module of a job. */
function parseLine(line: string): string[] {
  return line.split(",");
}
/** Declared for the type checker only: at run time it is the free variable a test expects. */
declare const offset: number;

/** A stand-in for a loaded bundle: `helper2` is a local that esbuild exported as `helper`. */
function fakeBundle(namespace: Record<string, unknown>, exportAliases: Record<string, string> = {}): LoadedBundle {
  return { sha256: 'f'.repeat(64), namespace, exportAliases };
}

function closureError(fn: () => unknown): ClosureError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ClosureError, `expected ClosureError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ClosureError');
}

void describe('toFunctionRef', () => {
  void it('ships a lambda without free variables as source', () => {
    assert.deepEqual(toFunctionRef((x: number) => x * 2, { what: 'map' }), { kind: 'source', source: '(x) => x * 2', bindings: {} });
  });

  void it('allows JavaScript and Node globals', () => {
    const ref = toFunctionRef((s: string) => JSON.stringify([Math.max(1, s.length), Buffer.byteLength(s), new URL('x:y').protocol]), {
      what: 'map',
    });
    assert.equal(ref.kind, 'source');
  });

  void it('fails on a free variable with a one-line ClosureError naming it and the three fixes', () => {
    const error = closureError(() => toFunctionRef((x: number) => x > threshold, { what: 'filter' }));
    assert.equal(error.identifier, 'threshold');
    assert.equal(error.code, ErrorCode.Closure);
    assert.equal(
      error.message,
      "filter: the function refers to 'threshold', which is neither a JavaScript global nor an export of the job bundle; " +
        'fix it by (1) exporting the function from the job module and passing it by name, ' +
        '(2) rewriting the lambda so it uses only its parameters and globals, or ' +
        '(3) capturing the value explicitly: capture({ threshold }, ({ threshold }) => (x) => …)',
    );
    assert.ok(!error.message.includes('\n'));
  });

  void it('for a called free variable (an imported function), suggests exporting it, not capture, which cannot carry functions', () => {
    const error = closureError(() => toFunctionRef((line: string) => parseLine(line).length, { what: 'map' }));
    assert.equal(error.identifier, 'parseLine');
    assert.equal(
      error.message,
      "map: the function calls 'parseLine', which is neither a JavaScript global nor an export of the job bundle; functions cannot be captured, so fix it by " +
        "(1) exporting 'parseLine' from the job module (for an imported function: export { parseLine } from '<its module>'), after which lambdas may call it, " +
        'or (2) exporting the function that calls it from the job module and passing it by name',
    );
    assert.ok(!error.message.includes('capture('));
    // What the old hint suggested fails, so the hint must not suggest it.
    assert.throws(() => capture({ parseLine }, ({ parseLine }) => (line: string) => parseLine(line)), /cannot be serialized; .*export functions from the job module/);
    // A value that is only read (not called) still gets the capture hint.
    assert.match(closureError(() => toFunctionRef((x: number) => x > threshold, { what: 'filter' })).message, /capture\(\{ threshold \}/);
  });

  void it('rejects a non-function with an InvalidArgumentError', () => {
    assert.throws(() => toFunctionRef(42, { what: 'map' }), (e: unknown) => e instanceof InvalidArgumentError && e.message === 'map expects a function, got number');
    assert.throws(() => toFunctionRef(null, { what: 'flatMap' }), { message: 'flatMap expects a function, got null' });
    assert.throws(() => toFunctionRef({ a: 1 }, { what: 'map' }), { message: 'map expects a function, got an object' });
  });

  void it('binds free variables that are bundle exports, under their local names', () => {
    const bundle = fakeBundle({ helper: (x: number) => x + 1 }, { helper2: 'helper' });
    // The lambda below is written as bundle code would be: it calls the local `helper2`.
    const lambda = new Function('return (x) => helper2(x) * 2')() as (x: number) => number;
    assert.deepEqual(toFunctionRef(lambda, { what: 'map', bundle }), { kind: 'source', source: '(x) => helper2(x) * 2', bindings: { helper2: 'helper' } });
  });

  void it('ships exported functions and members of exported plain objects by export path', () => {
    const parse = (s: string): number => Number(s);
    const csv = (s: string): string[] => s.split(',');
    const deep = (): number => 1;
    const bundle = fakeBundle({ parse, parsers: { csv, nested: { deep } }, notPlain: new Map([['x', csv]]) });
    assert.deepEqual(toFunctionRef(parse, { what: 'map', bundle }), { kind: 'export', path: ['parse'] });
    assert.deepEqual(toFunctionRef(csv, { what: 'map', bundle }), { kind: 'export', path: ['parsers', 'csv'] });
    assert.deepEqual(toFunctionRef(deep, { what: 'map', bundle }), { kind: 'export', path: ['parsers', 'nested', 'deep'] });
    // The same function without a bundle can only travel as source.
    assert.equal(toFunctionRef(parse, { what: 'map' }).kind, 'source');
  });

  void it('ships capture(...) results as captured refs with v8-encoded values', () => {
    const fn = capture({ threshold }, ({ threshold }) => (x: number) => x > threshold);
    const ref = toFunctionRef(fn, { what: 'filter' });
    assert.equal(ref.kind, 'captured');
    if (ref.kind !== 'captured') return;
    assert.equal(ref.factory, '({ threshold }) => (x) => x > threshold');
    assert.deepEqual(deserialize(ref.captured), { threshold: 10 });
  });

  void it('checks the capture factory for free variables too', () => {
    const fn = capture({ threshold }, ({ threshold }) => (x: number) => x > threshold + offset);
    const error = closureError(() => toFunctionRef(fn, { what: 'filter' }));
    assert.equal(error.identifier, 'offset');
    assert.match(error.message, /^filter: the capture factory refers to 'offset'.*capture\(\{ …, offset \}/);
  });

  void it('rebuilds methods as function expressions', () => {
    const key = 'computedKey' as const;
    const methods = {
      plain(x: number) {
        return x + 1;
      },
      async later(x: number) {
        return x;
      },
      *each(x: number) {
        yield x;
      },
      [key](x: number) {
        return x;
      },
    };
    class Holder {
      static twice(x: number): number {
        return x * 2;
      }
      half(x: number): number {
        return x / 2;
      }
    }
    const sources = [methods.plain, methods.later, methods.each, methods.computedKey, Holder.twice, Holder.prototype.half].map((fn) => {
      const ref = toFunctionRef(fn, { what: 'map' });
      assert.equal(ref.kind, 'source');
      return ref.kind === 'source' ? ref.source.replace(/\s+/g, ' ') : '';
    });
    assert.deepEqual(sources, [
      'function (x) { return x + 1; }',
      'async function (x) { return x; }',
      'function* (x) { yield x; }',
      'function (x) { return x; }',
      'function (x) { return x * 2; }',
      'function (x) { return x / 2; }',
    ]);
  });

  void it('refuses functions whose source cannot travel, each with a one-line reason', () => {
    class WithPrivate {
      #secret(x: number): number {
        return x;
      }
      get secret(): (x: number) => number {
        return this.#secret;
      }
    }
    class Base {
      m(): number {
        return 1;
      }
    }
    class Derived extends Base {
      override m(): number {
        return super.m() + 1;
      }
    }
    const getter = Object.getOwnPropertyDescriptor({ get g() { return 1; } }, 'g')!.get!;
    const cases: Array<[unknown, RegExp]> = [
      [Math.max, /^map: the function max is native code/],
      [((x: number) => x).bind(null), /^map: the function is a bound function/],
      [getter, /^map: the function is a getter/],
      [class Point {}, /^map: a class cannot be called as a function/],
      [new WithPrivate().secret, /^map: the function is the private method #secret/],
      [Derived.prototype.m, /^map: the function uses 'super'/],
    ];
    for (const [fn, expected] of cases) {
      const error = closureError(() => toFunctionRef(fn, { what: 'map' }));
      assert.match(error.message, expected);
      assert.ok(!error.message.includes('\n'), error.message);
    }
  });

  void it('judges each of many lambdas made by the same code alike', () => {
    const made = [1, 2, 3].map((k) => (x: number) => x + k);
    for (const fn of made) assert.equal(closureError(() => toFunctionRef(fn, { what: 'map' })).identifier, 'k');
    const plain = [1, 2].map(() => (x: number) => x + 1);
    assert.deepEqual(toFunctionRef(plain[0], { what: 'map' }), toFunctionRef(plain[1], { what: 'map' }));
  });

  void it('passes refs through and caches results per function object', () => {
    const ref = builtinRef('count');
    assert.equal(toFunctionRef(ref, { what: 'map' }), ref);
    const fn = (x: number): number => x;
    assert.equal(toFunctionRef(fn, { what: 'map' }), toFunctionRef(fn, { what: 'filter' }));
    const bundle = fakeBundle({ fn });
    assert.deepEqual(toFunctionRef(fn, { what: 'map', bundle }), { kind: 'export', path: ['fn'] });
  });
});
