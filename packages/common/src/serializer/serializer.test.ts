import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KindlingConf } from '../conf/index.js';
import { InvalidArgumentError, SerializationError } from '../errors/index.js';
import { MsgpackSerializer } from './msgpack-serializer.js';
import { UnserializableValueError } from './plain-data.js';
import { RandomRecords } from './random-records.js';
import type { Serializer } from './serializer.js';
import { defaultSerializer, getSerializer, serializerFromConf } from './serializer-registry.js';
import { V8Serializer } from './v8-serializer.js';

void describe('record serializers', () => {
  const serializers: Serializer[] = [new V8Serializer(), new MsgpackSerializer()];
  const PLAIN = 'strings, numbers, booleans, null, arrays, plain objects, Date, Map, Set, bigint, Uint8Array';

  const values: Array<[string, unknown]> = [
    ['empty string', ''],
    ['ascii string', 'hello'],
    ['unicode string', 'héllo wörld 中文 🎉'],
    ['long string', 'abcdefghij'.repeat(1000)],
    ['small int', 7],
    ['negative int', -123456],
    ['large int', 2 ** 53 - 1],
    ['float', 3.14159],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['true', true],
    ['false', false],
    ['null', null],
    ['undefined', undefined],
    ['word-count tuple', ['word', 17]],
    ['nested arrays', [1, [2, [3, [4]]], []]],
    ['plain object', { videoId: 'video-123', count: 17, nested: { a: [1, 2], b: null } }],
    ['object with undefined', { a: undefined, b: 1 }],
    ['empty object', {}],
    ['Date', new Date(1_700_000_000_123)],
    ['Date before 1970', new Date(-3_155_760_000_123)],
    ['latest Date', new Date(8.64e15)],
    ['Map', new Map<unknown, unknown>([['a', 1], [2, { b: [3] }], [null, new Date(5)]])],
    ['Map with object keys', new Map([[{ k: 1 }, 'v']])],
    ['Set', new Set([1, 'a', null])],
    ['small bigint', 42n],
    ['negative bigint', -(2n ** 40n)],
    ['bigint beyond 64 bits', 2n ** 100n + 12345n],
    ['negative bigint beyond 64 bits', -(2n ** 90n)],
    ['Uint8Array', new Uint8Array([0, 1, 254, 255])],
    ['empty Uint8Array', new Uint8Array(0)],
    ['Buffer', Buffer.from('bytes')],
    ['Float64Array', new Float64Array([1.5, -2])],
    ['kitchen sink', [{ day: new Date(0), tags: new Set(['x']), counts: new Map([['y', 3n]]), raw: new Uint8Array([9]) }, 'k']],
  ];

  for (const serializer of serializers) {
    void it(`${serializer.name} round-trips every plain-data type as a value and in a batch`, () => {
      for (const [what, value] of values) {
        const back = serializer.deserializeValue(serializer.serializeValue(value));
        assert.deepStrictEqual(back, value, what);
        if (value instanceof Uint8Array) assert.equal(Object.getPrototypeOf(back), Object.getPrototypeOf(value), `${what} keeps its class`);
      }
      const batch = values.map(([, value]) => value);
      assert.deepStrictEqual(serializer.deserializeBatch(serializer.serializeBatch(batch)), batch);
    });

    void it(`${serializer.name} keeps an invalid Date invalid`, () => {
      const back = serializer.deserializeValue(serializer.serializeValue(new Date(NaN)));
      assert.ok(back instanceof Date);
      assert.ok(Number.isNaN(back.getTime()));
    });

    void it(`${serializer.name} round-trips 2000 random records of many shapes (seeded)`, () => {
      for (const seed of [1, 2, 3, 4]) {
        const records = new RandomRecords(seed).records(500);
        assert.deepStrictEqual(serializer.deserializeBatch(serializer.serializeBatch(records)), records, `seed ${seed}`);
      }
    });

    void it(`${serializer.name} refuses a function key with one line naming the record and the key`, () => {
      const records: unknown[] = [['a', 1], [function parse() {}, 2]];
      assert.throws(() => serializer.serializeBatch(records), (error: unknown) => {
        assert.ok(error instanceof UnserializableValueError);
        assert.ok(error instanceof SerializationError);
        assert.equal(error.message, `Cannot serialize record 1: a function (parse) at [0] (key); records must be plain data: ${PLAIN}`);
        return true;
      });
    });

    void it(`${serializer.name} refuses a symbol value with one line`, () => {
      const records: unknown[] = [['a', 1], ['b', 2], ['c', Symbol('s')]];
      assert.throws(() => serializer.serializeBatch(records), {
        message: `Cannot serialize record 2: a symbol (Symbol(s)) at [1] (value); records must be plain data: ${PLAIN}`,
      });
    });

    void it(`${serializer.name} refuses class instances, WeakMaps, nested functions and cycles, saying where`, () => {
      class Point {
        constructor(readonly x: number) {}
        norm(): number {
          return Math.abs(this.x);
        }
      }
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic['self'] = cyclic;
      const cases: Array<[unknown, string]> = [
        [['k', new Point(1)], 'an instance of class Point (convert it to a plain object) at [1] (value)'],
        [new WeakMap(), 'a WeakMap as the record itself'],
        [{ user: { tags: [1, () => 2] } }, 'a function at .user.tags[1]'],
        [['k', new Map([['x', { f: Math.max }]])], 'a function (max) at [1].get("x").f (in the value)'],
        [cyclic, 'a circular reference at .self'],
        [[new Set([Symbol.iterator])], 'a symbol (Symbol(Symbol.iterator)) at [0]<Set item #0>'],
      ];
      for (const [record, where] of cases) {
        assert.throws(() => serializer.serializeBatch([1, record]), (error: unknown) => {
          assert.ok(error instanceof SerializationError, where);
          assert.equal(error.message, `Cannot serialize record 1: ${where}; records must be plain data: ${PLAIN}`);
          assert.ok(!error.message.includes('\n'));
          return true;
        });
      }
    });

    void it(`${serializer.name} works normally after refusing a batch`, () => {
      assert.throws(() => serializer.serializeBatch([{ a: () => 1 }]), SerializationError);
      const batch = [{ a: 1, b: 'x' }, ['k', 2]];
      assert.deepStrictEqual(serializer.deserializeBatch(serializer.serializeBatch(batch)), batch);
    });

    void it(`${serializer.name} names a single value's problem without a record number`, () => {
      assert.throws(() => serializer.serializeValue({ threshold: 3, check: Symbol('c') }), {
        message: `Cannot serialize value: a symbol (Symbol(c)) at .check; values must be plain data: ${PLAIN}`,
      });
    });

    void it(`${serializer.name} refuses bytes it did not write with a SerializationError`, () => {
      const foreign = serializers.find((s) => s !== serializer)!.serializeBatch([['a', 1]]);
      assert.throws(() => {
        const back = serializer.deserializeBatch(foreign);
        // Some foreign bytes happen to decode; then they must not decode to the same batch.
        assert.notDeepStrictEqual(back, [['a', 1]]);
        throw new SerializationError('decoded to something else');
      }, SerializationError);
    });
  }

  void it('v8 keeps -0, unpaired surrogates and holes that msgpack cannot', () => {
    const v8 = new V8Serializer();
    const msgpack = new MsgpackSerializer();
    const tricky = [-0, 'a\ud800b', 'x'.repeat(100) + '\udc00'];
    assert.deepStrictEqual(v8.deserializeBatch(v8.serializeBatch(tricky)), tricky);
    const back = msgpack.deserializeBatch(msgpack.serializeBatch(tricky));
    assert.ok(Object.is(back[0], 0), 'msgpack writes -0 as the integer 0');
    assert.notEqual(back[1], tricky[1], 'msgpack cannot carry an unpaired surrogate');
  });

  void it('getSerializer finds serializers by id and by name, and refuses unknown ones', () => {
    for (const s of serializers) {
      assert.equal(getSerializer(s.id).name, s.name);
      assert.equal(getSerializer(s.name).id, s.id);
    }
    assert.throws(() => getSerializer('kryo'), InvalidArgumentError);
    assert.throws(() => getSerializer(99), InvalidArgumentError);
  });

  void it('serializerFromConf follows kindling.serializer and falls back to the default', () => {
    assert.equal(serializerFromConf(new KindlingConf()), defaultSerializer());
    assert.equal(serializerFromConf(new KindlingConf({ 'kindling.serializer': 'v8' })).name, 'v8');
    assert.equal(serializerFromConf(new KindlingConf({ 'kindling.serializer': 'msgpack' })).name, 'msgpack');
    assert.throws(() => serializerFromConf(new KindlingConf({ 'kindling.serializer': 'java' })), {
      name: 'InvalidArgumentError',
      message: 'Configuration kindling.serializer=java is not a serializer; use v8 or msgpack',
    });
  });
});
