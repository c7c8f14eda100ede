/**
 * Records through `node:v8`'s structured-clone serializer (the format of
 * `postMessage`). It encodes every plain-data type exactly, including -0, strings with
 * lone surrogates and shared references, and throws for functions and symbols; but it
 * silently turns class instances into plain objects, so each batch is checked with
 * `isPlainData` first (measured in serializer.bench.ts).
 *
 * The V8 wire format carries its own version: newer Node.js versions read bytes written
 * by older ones, not the other way round — a checkpoint written by Node 22 cannot be
 * read by Node 20.
 */
import v8 from 'node:v8';
import { SerializationError } from '../errors/index.js';
import { batchSerializationError, isPlainData, messageOf, valueSerializationError } from './plain-data.js';
import { SerializerId, type Serializer } from './serializer.js';

export class V8Serializer implements Serializer {
  readonly id = SerializerId.V8;
  readonly name = 'v8';

  serializeBatch(records: readonly unknown[]): Uint8Array {
    for (let i = 0; i < records.length; i++) {
      if (!isPlainData(records[i])) throw batchSerializationError(records, this.name, undefined);
    }
    try {
      return v8.serialize(records);
    } catch (error) {
      throw batchSerializationError(records, this.name, error);
    }
  }

  deserializeBatch(bytes: Uint8Array): unknown[] {
    const batch = this.deserializeValue(bytes);
    if (!Array.isArray(batch)) throw new SerializationError('A v8-serialized record batch does not hold an array; the bytes were not written by serializeBatch');
    return batch;
  }

  serializeValue(value: unknown): Uint8Array {
    if (!isPlainData(value)) throw valueSerializationError(value, this.name, undefined);
    try {
      return v8.serialize(value);
    } catch (error) {
      throw valueSerializationError(value, this.name, error);
    }
  }

  deserializeValue(bytes: Uint8Array): unknown {
    try {
      return v8.deserialize(bytes);
    } catch (error) {
      throw new SerializationError(
        `Cannot deserialize ${bytes.length} bytes with the v8 serializer: ${messageOf(error)}; were they written by another serializer or a newer Node.js?`,
        { cause: error },
      );
    }
  }
}
