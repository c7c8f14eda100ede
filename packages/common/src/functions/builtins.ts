/**
 * Kindling's own functions that travel by name (FunctionRef kind `builtin`): counting
 * a partition, reducing it with a user function, writing it to a file… Each module
 * that defines builtins registers them when it is imported; driver and executors
 * import the same modules, so names resolve the same everywhere.
 */
import type { BuiltinRef } from './function-ref.js';

export type BuiltinFactory = (...args: any[]) => (...callArgs: any[]) => any;

const registry = new Map<string, BuiltinFactory>();

/** Registers a builtin. `factory` receives the ref's args, with nested FunctionRefs already resolved. */
export function registerBuiltin(name: string, factory: BuiltinFactory): void {
  if (registry.has(name) && registry.get(name) !== factory) {
    throw new Error(`builtin function ${name} is registered twice`);
  }
  registry.set(name, factory);
}

export function getBuiltin(name: string): BuiltinFactory | undefined {
  return registry.get(name);
}

export function builtinRef(name: string, ...args: unknown[]): BuiltinRef {
  return { kind: 'builtin', name, args };
}
