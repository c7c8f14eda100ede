/**
 * A record serializer: turns a batch of records into bytes and back (Spark's
 * `Serializer`/`SerializerInstance`). Kindling serializes records a batch at a time —
 * the framed format of docs/DESIGN.md §6 stores batches, and encoding a whole batch as one
 * array value pays the library's per-call cost once instead of once per record.
 *
 * Records are plain data (see plain-data.ts). Anything else fails with
 * `UnserializableValueError` (a `SerializationError`) naming the record and where in
 * it the offending value sits; implementations keep that check off the hot path.
 */
export interface Serializer {
  /** Stored in every framed stream's header, so a reader picks the matching deserializer. */
  readonly id: number;
  /** The name used by the `kindling.serializer` configuration key. */
  readonly name: string;
  serializeBatch(records: readonly unknown[]): Uint8Array;
  /**
   * The records of one batch. Byte arrays in them may be views of `bytes` (both
   * libraries avoid the copy): do not overwrite `bytes` while the records are in use.
   */
  deserializeBatch(bytes: Uint8Array): unknown[];
  /** One value on its own (a captured value, a broadcast value, a task result). */
  serializeValue(value: unknown): Uint8Array;
  deserializeValue(bytes: Uint8Array): unknown;
}

/** Serializer ids in framed headers; never reuse a number once files carry it. */
export const SerializerId = {
  V8: 1,
  Msgpack: 2,
} as const;
