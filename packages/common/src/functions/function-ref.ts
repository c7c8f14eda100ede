/**
 * How a user function travels from the driver to an executor (docs/DESIGN.md §3).
 *
 * JavaScript cannot serialize closures, and Spark's serialized closures are why its
 * checkpoints break on every code change. So a function is shipped as a reference
 * that an executor resolves against the same job bundle:
 *
 * - `export`: a function reachable from the bundle's exports, by its export path
 *   (`['parse']`, or `['fns', 'parse']` for a member of an exported plain object).
 * - `source`: a lambda whose only free variables are JavaScript globals and the
 *   bundle's top-level bindings; shipped as source text. `bindings` maps each bundle
 *   binding the source uses (its local name in the bundle, which esbuild may have
 *   renamed) to the export name that holds it.
 * - `captured`: a factory lambda `(captured) => fn` plus explicitly captured values,
 *   serialized with the record serializer (`capture({ threshold }, …)`).
 * - `builtin`: a function of Kindling itself (count a partition, reduce with a user
 *   function…), by registered name, with arguments that may themselves hold refs.
 *
 * A FunctionRef is plain data: it survives `v8.serialize`, protobuf bytes fields and
 * checkpoints, and two refs of the same code compare equal after a restart.
 */
export type FunctionRef = ExportRef | SourceRef | CapturedRef | BuiltinRef;

export interface ExportRef {
  readonly kind: 'export';
  readonly path: readonly string[];
}

export interface SourceRef {
  readonly kind: 'source';
  readonly source: string;
  readonly bindings: Readonly<Record<string, string>>;
}

export interface CapturedRef {
  readonly kind: 'captured';
  /** Source text of the factory: `(captured) => (x) => …`. */
  readonly factory: string;
  readonly bindings: Readonly<Record<string, string>>;
  /** The captured values, encoded with the record serializer. */
  readonly captured: Uint8Array;
  /**
   * Broadcast and accumulator handles among the captured values (they travel as ids):
   * absent when there are none. A task loads the broadcasts before it starts.
   */
  readonly handles?: { readonly broadcastIds: readonly number[]; readonly accumulatorIds: readonly number[] };
}

export interface BuiltinRef {
  readonly kind: 'builtin';
  readonly name: string;
  /** Plain data and nested FunctionRefs; resolved refs are passed to the builtin factory. */
  readonly args: readonly unknown[];
}

export function isFunctionRef(value: unknown): value is FunctionRef {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'export' || kind === 'source' || kind === 'captured' || kind === 'builtin';
}

/** Resolves refs to callable functions in this process (driver or executor). */
export interface FunctionResolver {
  resolve<F extends (...args: any[]) => any>(ref: FunctionRef): F;
}
