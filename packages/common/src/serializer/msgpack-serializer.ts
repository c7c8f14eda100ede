/**
 * Records through msgpackr (MessagePack with extensions).
 *
 * Configuration, and why:
 * - `moreTypes`: Set, typed arrays, RegExp, Error and bigints beyond 64 bits get
 *   extension types; without it a Set or a Uint8Array would come back as `{}`.
 * - records (msgpackr's default): each plain-object shape is written once per batch
 *   and then referred to by a one-byte id — a batch of `{ videoId, day, count }`
 *   objects does not repeat its keys — and, because the shapes are inlined, every
 *   batch decodes on its own. `useRecords` is given as a function only to hook the
 *   walk: msgpackr calls it for every object it is about to write as a map.
 * - the hooks make plain-data checking free on the hot path: msgpackr would encode a
 *   function as undefined and a class instance (or a WeakMap) as a plain object;
 *   `writeFunction` and the `useRecords` hook throw instead, symbols already throw,
 *   and only then does the slow walk in plain-data.ts find what and where.
 *
 * Known differences from V8Serializer: -0 arrives as 0 (msgpack's integer encoding),
 * strings with unpaired surrogates arrive with U+FFFD in their place (UTF-8 cannot
 * hold them), holes in sparse arrays arrive as undefined, and a shared sub-object
 * arrives as two copies. An object with a `toJSON` method is written as what it
 * returns.
 */
import { Packr } from 'msgpackr';
import { SerializationError } from '../errors/index.js';
import { batchSerializationError, isPlainPrototype, messageOf, valueSerializationError } from './plain-data.js';
import { SerializerId, type Serializer } from './serializer.js';

/** Thrown from msgpackr's hooks; never escapes (the slow walk names the real cause). */
const notPlainData = new Error('not plain data');

function refuse(): never {
  throw notPlainData;
}

export class MsgpackSerializer implements Serializer {
  readonly id = SerializerId.Msgpack;
  readonly name = 'msgpack';
  private readonly packr = new Packr({
    moreTypes: true,
    useRecords: (object: object) => isPlainPrototype(Object.getPrototypeOf(object) as object | null) || refuse(),
    writeFunction: refuse,
  });

  serializeBatch(records: readonly unknown[]): Uint8Array {
    try {
      return this.packr.pack(records);
    } catch (error) {
      throw batchSerializationError(records, this.name, error);
    }
  }

  deserializeBatch(bytes: Uint8Array): unknown[] {
    const batch = this.deserializeValue(bytes);
    if (!Array.isArray(batch)) throw new SerializationError('A msgpack record batch does not hold an array; the bytes were not written by serializeBatch');
    return batch;
  }

  serializeValue(value: unknown): Uint8Array {
    try {
      return this.packr.pack(value);
    } catch (error) {
      throw valueSerializationError(value, this.name, error);
    }
  }

  deserializeValue(bytes: Uint8Array): unknown {
    try {
      return this.packr.unpack(bytes);
    } catch (error) {
      throw new SerializationError(
        `Cannot deserialize ${bytes.length} bytes with the msgpack serializer: ${messageOf(error)}; were they written by another serializer?`,
        { cause: error },
      );
    }
  }
}
