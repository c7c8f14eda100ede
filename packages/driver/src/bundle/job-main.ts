/**
 * The job's entry point: the bundle's default export, `main(kc, args)`. Only the
 * driver calls it (executors import the bundle for its other exports).
 */
import { BundleError, type LoadedBundle } from '@kindling/common';
import type { KindlingContext } from '../kindling-context.js';

export type JobMain = (kc: KindlingContext, args: string[]) => unknown;

export function jobMainOf(bundle: LoadedBundle): JobMain {
  const main = bundle.namespace['default'];
  if (typeof main !== 'function') {
    throw new BundleError(`The job bundle's default export must be a function (kc, args) => Promise<void>; got ${describe(main)}`);
  }
  return main as JobMain;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
