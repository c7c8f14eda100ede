/**
 * Broadcast and accumulator handles travel inside captured values as their ids: the
 * encoded bytes hold no value, the ref lists the broadcasts, the task payload lists
 * them for loading, and the decoded copy has handles again.
 */
import assert from 'node:assert/strict';
import { deserialize } from 'node:v8';
import { describe, it } from 'node:test';
import { AccumulatorContext, type LongAccumulator, newAccumulator, runWithTaskAccumulators, TaskAccumulators } from '../accumulators/index.js';
import { Broadcast, isBroadcast, newBroadcastId, registerBroadcast, unregisterBroadcast } from '../broadcast/index.js';
import { collectBroadcastIds } from '../task/payload-broadcasts.js';
import { capture, capturedFunction } from './capture.js';
import { createFunctionResolver } from './function-resolver.js';
import { toFunctionRef } from './to-function-ref.js';

void describe('handles in captured values', () => {
  void it('a broadcast travels as its id, at any of the first levels, and a resolved function reads its value', () => {
    const id = newBroadcastId();
    const secret = 'x'.repeat(10_000);
    registerBroadcast(id, secret);
    try {
      const b = new Broadcast<string>(id);
      const fn = capture({ b, nested: { list: [b] } }, ({ b, nested }) => (i: number) => `${b.value.length}:${nested.list[0]!.value.length}:${i}`);
      const info = capturedFunction(fn)!;
      assert.ok(info.captured.byteLength < 200, `${info.captured.byteLength} bytes: the value is not in them`);
      assert.deepEqual(info.handles, { broadcastIds: [id], accumulatorIds: [] });
      const decoded = deserialize(info.captured) as { b: unknown };
      assert.equal(isBroadcast(decoded.b), false, 'v8 sees a marker, not a handle');
      const ref = toFunctionRef(fn, { what: 'map' });
      assert.ok(ref.kind === 'captured' && ref.handles?.broadcastIds[0] === id);
      assert.deepEqual(collectBroadcastIds([{ f: ref }, { args: [{ kind: 'builtin', name: 'x', args: [ref] }] }]), [id]);
      const resolved = createFunctionResolver(undefined).resolve<(i: number) => string>(ref);
      assert.equal(resolved(7), '10000:10000:7');
      assert.equal(fn(8), '10000:10000:8', 'the capture result runs on the driver too');
    } finally {
      unregisterBroadcast(id, true);
    }
  });

  void it('values without handles are encoded as before, with no handles field on the ref', () => {
    const ref = toFunctionRef(capture({ n: 3 }, ({ n }) => (x: number) => x * n), { what: 'map' });
    assert.ok(ref.kind === 'captured' && ref.handles === undefined);
    assert.deepEqual(collectBroadcastIds([{ f: ref }]), []);
  });

  void it('an accumulator handle adds to the running task\'s copy, and outside a task to the driver\'s original', async () => {
    const original = newAccumulator('long', AccumulatorContext.newId(), 'hits') as unknown as LongAccumulator;
    AccumulatorContext.register(original as never);
    try {
      const ref = toFunctionRef(
        capture({ hits: original }, ({ hits }) => (x: number) => {
          hits.add(x);
          return hits.value;
        }),
        { what: 'map' },
      );
      const fn = createFunctionResolver(undefined).resolve<(x: number) => number>(ref);
      const a = new TaskAccumulators();
      const b = new TaskAccumulators();
      // Two tasks interleaving at their awaits each see only their own copy.
      const [va, vb] = await Promise.all([
        runWithTaskAccumulators(a, async () => {
          fn(1);
          await new Promise((resolve) => setTimeout(resolve, 5));
          return fn(2);
        }),
        runWithTaskAccumulators(b, async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return fn(10);
        }),
      ]);
      assert.deepEqual([va, vb], [3, 10]);
      assert.equal(original.value, 0, 'tasks never add to the original');
      assert.deepEqual(a.updates(), [{ id: original.id, state: { sum: 3, count: 2 } }]);
      AccumulatorContext.merge([...a.updates(), ...b.updates(), { id: -1, state: { sum: 1, count: 1 } }]);
      assert.equal(original.value, 13);
      assert.equal(fn(5), 18, 'driver code adds to the original');
    } finally {
      AccumulatorContext.remove(original.id);
    }
  });
});
