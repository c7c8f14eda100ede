import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgumentError, SerializationError } from '../errors/index.js';
import { capture, capturedFunction } from './capture.js';

void describe('capture', () => {
  void it('returns a function that works locally and calls the factory once', () => {
    let calls = 0;
    const fn = capture({ n: 2 }, ({ n }) => {
      calls++;
      return (x: number) => x * n;
    });
    assert.equal(calls, 0);
    assert.deepEqual([1, 2, 3].map((x) => fn(x)), [2, 4, 6]);
    assert.equal(calls, 1);
    assert.ok(capturedFunction(fn));
    assert.equal(capturedFunction((x: number) => x), undefined);
  });

  void it('refuses values v8 cannot serialize, in one line naming the value', () => {
    for (const [values, name, kind] of [
      [{ ok: 1, fn: (x: number) => x }, 'fn', 'a function'],
      [{ sym: Symbol('s') }, 'sym', 'symbol'],
      [{ ref: new WeakMap() }, 'ref', 'a WeakMap'],
    ] as const) {
      assert.throws(
        () => capture(values as Record<string, unknown>, () => () => 0),
        (e: unknown) =>
          e instanceof SerializationError &&
          e.message.startsWith(`capture: the captured value '${name}' (${kind}) cannot be serialized`) &&
          !e.message.includes('\n'),
      );
    }
  });

  void it('checks its arguments and what the factory returns', () => {
    assert.throws(() => capture(5 as unknown as Record<string, unknown>, () => () => 0), InvalidArgumentError);
    assert.throws(() => capture({}, 5 as unknown as () => () => 0), InvalidArgumentError);
    const notAFunction = capture({}, () => 5 as unknown as () => number);
    assert.throws(() => notAFunction(), /the factory must return a function.*returned number/);
  });
});
