/**
 * What a record may contain, and the one-line error for what it may not.
 *
 * Records are plain data: strings, numbers, booleans, null, undefined, bigint, arrays,
 * plain objects, Date, Map, Set and typed arrays such as Uint8Array — plus RegExp,
 * Error, ArrayBuffer and DataView, which both serializers also round-trip exactly.
 * Functions and symbols cannot be encoded at all, and class instances would arrive on
 * the other side as plain objects without their methods, so both are refused: a
 * shuffle that silently drops a prototype fails much later, far from the cause, with
 * "x.total is not a function". Circular structures are refused too (msgpack cannot
 * express them).
 *
 * Two walks with the same rules: `isPlainData` is the cheap boolean pre-check for
 * serializers that cannot hook the library's own walk; `findUnserializable` runs only
 * once something failed, to say what and where.
 */
import { SerializationError, type KindlingErrorOptions } from '../errors/index.js';

/** Deeper nesting is refused: msgpack encodes recursively and would overflow the stack. */
export const MAX_NESTING_DEPTH = 1000;

const PLAIN_DATA = 'strings, numbers, booleans, null, arrays, plain objects, Date, Map, Set, bigint, Uint8Array';

/**
 * An object whose prototype is Object.prototype, null, or another realm's
 * Object.prototype (the one object whose own prototype is null), so records built in
 * a `vm` context pass too.
 */
export function isPlainPrototype(proto: object | null): boolean {
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/** Built-in classes whose instances both serializers carry exactly; Map and Set are walked. */
function isOpaqueBuiltin(value: object): boolean {
  return (
    value instanceof Date ||
    ArrayBuffer.isView(value) ||
    value instanceof RegExp ||
    value instanceof Error ||
    value instanceof ArrayBuffer
  );
}

/** True when `value` is plain data (see the file comment). Allocates nothing for arrays and objects. */
export function isPlainData(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  if (value === null) return true;
  if (depth >= MAX_NESTING_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainData(value[i], depth + 1)) return false;
    return true;
  }
  if (isPlainPrototype(Object.getPrototypeOf(value) as object | null)) {
    const obj = value as Record<string, unknown>;
    for (const key in obj) if (!isPlainData(obj[key], depth + 1)) return false;
    return true;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) if (!isPlainData(k, depth + 1) || !isPlainData(v, depth + 1)) return false;
    return true;
  }
  if (value instanceof Set) {
    for (const v of value) if (!isPlainData(v, depth + 1)) return false;
    return true;
  }
  return isOpaqueBuiltin(value);
}

export interface Unserializable {
  /** Where in the value, e.g. `[0]`, `.user.tags[2]`, `[1].get("a")`; '' for the value itself. */
  readonly path: string;
  /** What was found, e.g. `a function (parse)`, `a WeakMap`, `an instance of class Point`. */
  readonly what: string;
  /** The record is a [key, value] pair, so `[0]` is its key and `[1]` its value. */
  readonly inPair?: boolean;
}

/** The first value that is not plain data, with its path; undefined when everything is plain. */
export function findUnserializable(value: unknown): Unserializable | undefined {
  return find(value, '', new Set<object>());
}

function find(value: unknown, path: string, ancestors: Set<object>): Unserializable | undefined {
  if (typeof value === 'function') return { path, what: describeFunction(value as () => unknown) };
  if (typeof value === 'symbol') return { path, what: `a symbol (${String(value)})` };
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.has(value)) return { path, what: 'a circular reference' };
  if (ancestors.size >= MAX_NESTING_DEPTH) return { path, what: `nesting deeper than ${MAX_NESTING_DEPTH} levels` };
  ancestors.add(value);
  try {
    return findInObject(value, path, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function findInObject(value: object, path: string, ancestors: Set<object>): Unserializable | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], `${path}[${i}]`, ancestors);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (isPlainPrototype(proto)) {
    const obj = value as Record<string, unknown>;
    for (const key in obj) {
      const found = find(obj[key], path + propertyPath(key), ancestors);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value instanceof Map) {
    let i = 0;
    for (const [k, v] of value) {
      const found = find(k, `${path}<Map key #${i}>`, ancestors) ?? find(v, `${path}.get(${keyText(k, i)})`, ancestors);
      if (found !== undefined) return found;
      i++;
    }
    return undefined;
  }
  if (value instanceof Set) {
    let i = 0;
    for (const v of value) {
      const found = find(v, `${path}<Set item #${i}>`, ancestors);
      if (found !== undefined) return found;
      i++;
    }
    return undefined;
  }
  if (isOpaqueBuiltin(value)) return undefined;
  return { path, what: describeObject(value, proto) };
}

function propertyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function keyText(key: unknown, index: number): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  if (typeof key === 'bigint') return `${key}n`;
  return `<key #${index}>`;
}

function describeFunction(fn: (...args: never[]) => unknown): string {
  return fn.name === '' ? 'a function' : `a function (${fn.name})`;
}

function describeObject(value: object, proto: object | null): string {
  const ctor = (proto as { constructor?: unknown } | null)?.constructor;
  if (typeof ctor === 'function' && ctor.name !== '') {
    const native = Function.prototype.toString.call(ctor).endsWith('{ [native code] }');
    if (native) return `${/^[AEIOU]/.test(ctor.name) ? 'an' : 'a'} ${ctor.name}`;
    return `an instance of class ${ctor.name} (convert it to a plain object)`;
  }
  return 'an object with a custom prototype';
}

/** `[0]` of a [key, value] pair is the key: say so, as pair RDDs carry most records. */
function locate(found: Unserializable, subject: 'record' | 'value'): string {
  const { path, inPair } = found;
  if (path === '') return `as the ${subject} itself`;
  if (inPair === true && path.startsWith('[0]')) return `at ${path} (${path === '[0]' ? 'key' : 'in the key'})`;
  if (inPair === true && path.startsWith('[1]')) return `at ${path} (${path === '[1]' ? 'value' : 'in the value'})`;
  return `at ${path}`;
}

/** A value that is not plain data; `recordIndex` is set when it was found in a record batch. */
// Its `name` stays 'SerializationError' (the base class fixes it); tell it apart by instanceof.
export class UnserializableValueError extends SerializationError {
  readonly recordIndex: number | undefined;
  readonly found: Unserializable;

  constructor(found: Unserializable, recordIndex: number | undefined, options?: KindlingErrorOptions) {
    const subject = recordIndex === undefined ? 'value' : 'record';
    super(
      `Cannot serialize ${recordIndex === undefined ? 'value' : `record ${recordIndex}`}: ${found.what} ${locate(found, subject)}; ` +
        `${subject}s must be plain data: ${PLAIN_DATA}`,
      options,
    );
    this.recordIndex = recordIndex;
    this.found = found;
  }

  /** The same error with the record counted from the start of a stream rather than of its batch. */
  withRecordOffset(offset: number): UnserializableValueError {
    if (this.recordIndex === undefined || offset === 0) return this;
    return new UnserializableValueError(this.found, this.recordIndex + offset, { cause: this.cause });
  }
}

/**
 * The error for a batch that a library refused (or that the pre-check flagged): finds
 * the first offending record and says what and where; falls back to the library's own
 * message when the records look plain (a size limit, an internal failure).
 */
export function batchSerializationError(records: readonly unknown[], serializerName: string, cause: unknown): SerializationError {
  for (let i = 0; i < records.length; i++) {
    const found = findUnserializable(records[i]);
    if (found !== undefined) return new UnserializableValueError(withPair(found, records[i]), i, { cause });
  }
  return new SerializationError(`Cannot serialize a batch of ${records.length} records with the ${serializerName} serializer: ${messageOf(cause)}`, { cause });
}

/** The same for a single value. */
export function valueSerializationError(value: unknown, serializerName: string, cause: unknown): SerializationError {
  const found = findUnserializable(value);
  if (found !== undefined) return new UnserializableValueError(found, undefined, { cause });
  return new SerializationError(`Cannot serialize a value with the ${serializerName} serializer: ${messageOf(cause)}`, { cause });
}

function withPair(found: Unserializable, record: unknown): Unserializable {
  return Array.isArray(record) && record.length === 2 ? { ...found, inPair: true } : found;
}

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0] ?? text;
}
