/**
 * Which functions of a job bundle can be shipped by export path (FunctionRef kind
 * `export`): top-level exports and members of exported plain objects
 * (`export const parsers = { csv, json }`, or `export * as parsers from './parsers'`,
 * which esbuild turns into an object of getters). Found by identity, so a function
 * passed to `map` is shipped by name however the user got hold of it.
 *
 * The index is built once per loaded bundle; transformations are defined often.
 */
import type { LoadedBundle } from '../task/index.js';

/** How deep into exported plain objects to look: `['a']`, `['a', 'b']`, `['a', 'b', 'c']`. */
const maxPathLength = 3;

const indexes = new WeakMap<LoadedBundle, Map<unknown, readonly string[]>>();

/** The export path of `fn` in `bundle`, or undefined when the bundle does not export it. */
export function exportPathOf(bundle: LoadedBundle, fn: unknown): readonly string[] | undefined {
  let index = indexes.get(bundle);
  if (index === undefined) {
    index = buildIndex(bundle.namespace);
    indexes.set(bundle, index);
  }
  return index.get(fn);
}

/** Follows an export path in a bundle namespace; undefined when any step is missing. */
export function valueAtPath(namespace: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let value: unknown = namespace;
  for (const key of path) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function buildIndex(namespace: Readonly<Record<string, unknown>>): Map<unknown, readonly string[]> {
  const index = new Map<unknown, readonly string[]>();
  const visited = new Set<unknown>();
  // Breadth first, so that a function reachable several ways gets its shortest path.
  let level: Array<{ object: object; path: readonly string[] }> = [{ object: namespace, path: [] }];
  for (let depth = 1; depth <= maxPathLength && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { object, path } of level) {
      for (const key of Object.keys(object)) {
        const value = readMember(object, key);
        const memberPath = [...path, key];
        if (typeof value === 'function') {
          if (!index.has(value)) index.set(value, memberPath);
        } else if (isPlainObject(value) && !visited.has(value)) {
          visited.add(value);
          next.push({ object: value, path: memberPath });
        }
      }
    }
    level = next;
  }
  return index;
}

function readMember(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return undefined; // a throwing getter is simply not a shippable function
  }
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
