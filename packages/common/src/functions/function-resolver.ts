/**
 * Turns FunctionRefs back into callable functions, in the process that runs the task
 * (an executor, or the driver in process), against the job bundle loaded there.
 *
 * Source text is compiled with `new Function`, in strict mode (every function a job
 * bundle or a test defines is module code, hence strict), with the bundle exports it
 * uses passed in as parameters under the local names the source refers to. Resolved
 * functions are cached per ref object and by content: an executor deserializes a
 * fresh ref for every task, and compiling the same lambda for each would dominate
 * short tasks. The content cache is bounded, because captured values make refs of
 * the same code differ per batch in a long-running stream.
 */
import { BundleError, ErrorCode, KindlingError, SerializationError } from '../errors/index.js';
import type { LoadedBundle } from '../task/index.js';
import { getBuiltin } from './builtins.js';
import { decodeCaptured, instantiate } from './capture.js';
import { valueAtPath } from './export-index.js';
import type { FunctionRef, FunctionResolver } from './function-ref.js';
import { isFunctionRef } from './function-ref.js';

type AnyFunction = (...args: any[]) => any;

/** Resolved functions kept by content key; enough for every distinct function of a job. */
const maxCachedByKey = 1024;

export function createFunctionResolver(bundle: LoadedBundle | undefined): FunctionResolver {
  return new BundleFunctionResolver(bundle);
}

const sharedResolvers = new WeakMap<object, FunctionResolver>();
const noBundle = {};

/** One resolver per loaded bundle (and one for no bundle), shared by every task of this process. */
export function functionResolverFor(bundle: LoadedBundle | undefined): FunctionResolver {
  const key = bundle ?? noBundle;
  let resolver = sharedResolvers.get(key);
  if (resolver === undefined) {
    resolver = createFunctionResolver(bundle);
    sharedResolvers.set(key, resolver);
  }
  return resolver;
}

class BundleFunctionResolver implements FunctionResolver {
  private readonly byRef = new WeakMap<object, AnyFunction>();
  private readonly byKey = new Map<string, AnyFunction>();

  constructor(private readonly bundle: LoadedBundle | undefined) {}

  resolve<F extends (...args: any[]) => any>(ref: FunctionRef): F {
    let fn = this.byRef.get(ref);
    if (fn !== undefined) return fn as F;
    const key = contentKey(ref);
    fn = key === undefined ? undefined : this.byKey.get(key);
    if (fn === undefined) {
      fn = this.resolveUncached(ref);
      if (key !== undefined) this.remember(key, fn);
    }
    this.byRef.set(ref, fn);
    return fn as F;
  }

  private remember(key: string, fn: AnyFunction): void {
    // Map iteration order is insertion order: the first key is the oldest.
    if (this.byKey.size >= maxCachedByKey) this.byKey.delete(this.byKey.keys().next().value!);
    this.byKey.set(key, fn);
  }

  private resolveUncached(ref: FunctionRef): AnyFunction {
    switch (ref.kind) {
      case 'export':
        return this.resolveExport(ref.path);
      case 'source':
        return this.compile(ref.source, ref.bindings) as AnyFunction;
      case 'captured': {
        const factory = this.compile(ref.factory, ref.bindings) as (values: unknown) => AnyFunction;
        return instantiate(factory, decodeCaptured(ref.captured, ref.handles !== undefined));
      }
      case 'builtin': {
        const factory = getBuiltin(ref.name);
        if (factory === undefined) {
          throw new KindlingError(
            ErrorCode.Internal,
            `Unknown builtin function '${ref.name}': this process does not register it; driver and executors must run the same Kindling version`,
          );
        }
        return factory(...ref.args.map((arg) => (isFunctionRef(arg) ? this.resolve(arg) : arg)));
      }
      default: {
        const unknown: never = ref;
        throw new SerializationError(`Unknown function reference kind ${(unknown as { kind: string }).kind}`);
      }
    }
  }

  private resolveExport(path: readonly string[]): AnyFunction {
    const name = path.join('.');
    if (this.bundle === undefined) {
      throw new BundleError(`The function reference to export '${name}' needs a job bundle, but none is loaded in this process`);
    }
    const value = valueAtPath(this.bundle.namespace, path);
    if (typeof value !== 'function') {
      const problem = value === undefined ? 'has no export' : 'has no function at';
      throw new BundleError(
        `Job bundle ${this.bundle.sha256.slice(0, 12)} ${problem} '${name}'; the function reference was made with a different bundle — resubmit the job with the bundle that defines it`,
      );
    }
    return value as AnyFunction;
  }

  private compile(source: string, bindings: Readonly<Record<string, string>>): unknown {
    const locals = Object.keys(bindings);
    const values = locals.map((local) => {
      const exportName = bindings[local]!;
      if (this.bundle === undefined) {
        throw new BundleError(`A lambda uses '${local}' from the job bundle (export '${exportName}'), but no job bundle is loaded in this process`);
      }
      if (!Object.prototype.hasOwnProperty.call(this.bundle.namespace, exportName)) {
        throw new BundleError(
          `Job bundle ${this.bundle.sha256.slice(0, 12)} has no export '${exportName}', which a lambda uses as '${local}'; resubmit the job with the bundle it was defined with`,
        );
      }
      return this.bundle.namespace[exportName];
    });
    let make: AnyFunction;
    try {
      make = new Function(...locals, `'use strict';\nreturn (${source}\n);`) as AnyFunction;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new SerializationError(`A shipped function does not compile here: ${message}; source starts ${JSON.stringify(source.slice(0, 60))}`, {
        cause: error,
      });
    }
    return make(...values);
  }
}

/** A string that identifies what a ref resolves to, or undefined when its args cannot be keyed. */
function contentKey(ref: FunctionRef): string | undefined {
  switch (ref.kind) {
    case 'export':
      return `e\0${ref.path.join('\0')}`;
    case 'source':
      return `s\0${JSON.stringify(ref.bindings)}\0${ref.source}`;
    case 'captured':
      return `c\0${JSON.stringify(ref.bindings)}\0${Buffer.from(ref.captured).toString('base64')}\0${ref.factory}`;
    case 'builtin': {
      const args = dataKey(ref.args);
      return args === undefined ? undefined : `b\0${ref.name}\0${args}`;
    }
    default:
      return undefined;
  }
}

/**
 * An exact text form of plain data (builtin args), or undefined for anything it cannot
 * tell apart (class instances, Maps…): such refs are then cached per object only.
 */
function dataKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'u';
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof Uint8Array) return `bytes:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}`;
      const parts: string[] = [];
      if (Array.isArray(value)) {
        for (const element of value) {
          const key = dataKey(element);
          if (key === undefined) return undefined;
          parts.push(key);
        }
        return `[${parts.join(',')}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      for (const [k, v] of Object.entries(value)) {
        const key = dataKey(v);
        if (key === undefined) return undefined;
        parts.push(`${JSON.stringify(k)}:${key}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}
