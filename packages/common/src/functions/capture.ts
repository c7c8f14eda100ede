/**
 * `capture(values, factory)`: a lambda with explicitly captured values (docs/DESIGN.md §3),
 * `capture({ threshold }, ({ threshold }) => (x) => x > threshold)`.
 *
 * The values are encoded with node:v8 (one of Kindling's record serializers) when
 * `capture` is called: the function carries a snapshot, as a Spark closure carries
 * the values it had when it was serialized, so a later change on the driver does not
 * leak into tasks. The result is an ordinary function (it calls `factory` once, on
 * first use, with a decoded copy of the snapshot), so the same code runs on the
 * driver; `toFunctionRef` recognises it by its tag and ships factory source + bytes.
 */
import { deserialize, serialize } from 'node:v8';
import { InvalidArgumentError, SerializationError } from '../errors/index.js';
import { replaceHandles, reviveHandles, type HandleSummary } from './captured-handles.js';

/** Symbol.for: a tag that holds even if two copies of @kindling/common are loaded. */
const captureTag = Symbol.for('kindling.capture');

export interface CapturedFunction {
  readonly factory: (values: any) => unknown;
  /** The captured values, v8-encoded, broadcast and accumulator handles as markers (captured-handles.ts). */
  readonly captured: Uint8Array;
  /** The handles among the values; undefined when there are none. */
  readonly handles: HandleSummary | undefined;
}

export function capture<V extends Record<string, unknown>, F extends (...args: any[]) => any>(
  values: V,
  factory: (values: V) => F,
): F {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new InvalidArgumentError(`capture expects an object of values, e.g. capture({ threshold }, …), got ${describeValue(values)}`);
  }
  if (typeof factory !== 'function') {
    throw new InvalidArgumentError(`capture expects a factory function as its second argument, got ${describeValue(factory)}`);
  }
  const { values: encodable, handles } = replaceHandles(values);
  const captured = encodeCaptured(encodable);
  let fn: F | undefined;
  const captureFn = function (this: unknown, ...args: unknown[]): unknown {
    fn ??= instantiate(factory, decodeCaptured(captured, handles !== undefined) as V);
    return fn.apply(this, args);
  };
  const info: CapturedFunction = { factory, captured, handles };
  Object.defineProperty(captureFn, captureTag, { value: info });
  return captureFn as unknown as F;
}

/** The factory and encoded values of a `capture(...)` result, or undefined for any other value. */
export function capturedFunction(fn: unknown): CapturedFunction | undefined {
  if (typeof fn !== 'function') return undefined;
  return (fn as unknown as Record<symbol, CapturedFunction | undefined>)[captureTag];
}

/** Calls a capture factory and checks that it made a function. */
export function instantiate<V, F>(factory: (values: V) => F, values: V): F {
  const fn = factory(values);
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(`capture: the factory must return a function, e.g. ({ threshold }) => (x) => x > threshold; it returned ${describeValue(fn)}`);
  }
  return fn;
}

/** Decodes captured values; `withHandles` revives broadcast and accumulator handles. */
export function decodeCaptured(captured: Uint8Array, withHandles: boolean): unknown {
  const values: unknown = deserialize(captured);
  return withHandles ? reviveHandles(values) : values;
}

function encodeCaptured(values: Record<string, unknown>): Uint8Array {
  try {
    return serialize(values);
  } catch (error) {
    // Name the value that failed: v8's own message quotes the value's source text,
    // which for a function can run to many lines.
    for (const [key, value] of Object.entries(values)) {
      try {
        serialize(value);
      } catch {
        throw new SerializationError(
          `capture: the captured value '${key}' (${describeValue(value)}) cannot be serialized; capture plain data (numbers, strings, arrays, plain objects, Map, Set, Date, typed arrays) or export functions from the job module`,
          { cause: error },
        );
      }
    }
    throw new SerializationError(`capture: the captured values cannot be serialized: ${firstLine(error)}`, { cause: error });
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return /^class\b/.test(Function.prototype.toString.call(value)) ? 'a class' : 'a function';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name === undefined || name === 'Object' ? 'an object' : `a ${name}`;
  }
  return typeof value;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0]!.slice(0, 120);
}
