/**
 * The driver-side check every transformation makes on the function it is given
 * (docs/DESIGN.md §3): turn it into a FunctionRef now, or fail now, on the driver, with a
 * ClosureError that names the variable and the three ways to fix it — not later, on
 * an executor, with a ReferenceError in the middle of a job.
 *
 * In order: a `capture(...)` result becomes a `captured` ref; a function the job
 * bundle exports (found by identity) an `export` ref; anything else must be a lambda
 * whose free variables are all JavaScript globals or bundle exports, and becomes a
 * `source` ref. Results are cached per function object (and bundle).
 */
import { ClosureError, InvalidArgumentError } from '../errors/index.js';
import type { LoadedBundle } from '../task/index.js';
import { capturedFunction, describeValue } from './capture.js';
import { exportPathOf } from './export-index.js';
import { analyzeFreeVariables } from './free-variables.js';
import type { FunctionRef } from './function-ref.js';
import { isFunctionRef } from './function-ref.js';
import { functionSource, isNativeSource, UnshippableFunction } from './function-source.js';
import { isJavaScriptGlobal } from './js-globals.js';

export interface FunctionRefOptions {
  /** The call site, for messages: "map", "reduceByKey"… */
  readonly what: string;
  /** The job bundle loaded in this driver, whose exports lambdas may use. */
  readonly bundle?: LoadedBundle | undefined;
}

/** A function's source and free variables, or why it cannot be shipped; independent of the bundle. */
type SourceAnalysis =
  | { readonly ok: true; readonly source: string; readonly freeVariables: readonly string[]; readonly calledFreeVariables: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const analyses = new WeakMap<object, SourceAnalysis>();
const noBundle = {};
const refsByBundle = new WeakMap<object, WeakMap<object, FunctionRef>>();

export function toFunctionRef(fn: unknown, options: FunctionRefOptions): FunctionRef {
  // A ref made elsewhere (a builtin, a ref restored from a checkpoint) is already shippable.
  if (isFunctionRef(fn)) return fn;
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(`${options.what} expects a function, got ${describeValue(fn)}`);
  }
  const bundleKey = options.bundle ?? noBundle;
  let refs = refsByBundle.get(bundleKey);
  if (refs === undefined) {
    refs = new WeakMap();
    refsByBundle.set(bundleKey, refs);
  }
  let ref = refs.get(fn);
  if (ref === undefined) {
    ref = makeRef(fn as (...args: never[]) => unknown, options);
    refs.set(fn, ref);
  }
  return ref;
}

function makeRef(fn: (...args: never[]) => unknown, { what, bundle }: FunctionRefOptions): FunctionRef {
  const captured = capturedFunction(fn);
  if (captured !== undefined) {
    const { source, bindings } = checkedSource(captured.factory, what, bundle, 'capture factory');
    const ref = { kind: 'captured', factory: source, bindings, captured: captured.captured } as const;
    return captured.handles === undefined ? ref : { ...ref, handles: captured.handles };
  }
  const path = bundle === undefined ? undefined : exportPathOf(bundle, fn);
  if (path !== undefined) return { kind: 'export', path };
  const { source, bindings } = checkedSource(fn, what, bundle, 'function');
  return { kind: 'source', source, bindings };
}

function checkedSource(
  fn: (...args: never[]) => unknown,
  what: string,
  bundle: LoadedBundle | undefined,
  role: 'function' | 'capture factory',
): { source: string; bindings: Record<string, string> } {
  const analysis = analyze(fn);
  if (!analysis.ok) throw new ClosureError(`${what}: ${analysis.reason}`);
  const bindings: Record<string, string> = {};
  for (const name of analysis.freeVariables) {
    // A bundle binding shadows a global of the same name, as it does in the bundle.
    const exportName = bundle !== undefined && Object.hasOwn(bundle.exportAliases, name) ? bundle.exportAliases[name] : undefined;
    if (exportName !== undefined) bindings[name] = exportName;
    else if (!isJavaScriptGlobal(name)) throw new ClosureError(closureMessage(what, name, role, analysis.calledFreeVariables.includes(name)), name);
  }
  return { source: analysis.source, bindings };
}

/**
 * Also cached by source text: a lambda written inside a loop or a per-batch callback
 * is a new function object each time, with the same text and so the same analysis.
 * Native functions all share one text and are not cached by it.
 */
const analysesByText = new Map<string, SourceAnalysis>();
const maxAnalysesByText = 2048;

function analyze(fn: (...args: never[]) => unknown): SourceAnalysis {
  let analysis = analyses.get(fn);
  if (analysis !== undefined) return analysis;
  const text = Function.prototype.toString.call(fn);
  const byText = !isNativeSource(text);
  analysis = byText ? analysesByText.get(text) : undefined;
  if (analysis === undefined) {
    analysis = analyzeUncached(fn);
    if (byText) {
      if (analysesByText.size >= maxAnalysesByText) analysesByText.delete(analysesByText.keys().next().value!);
      analysesByText.set(text, analysis);
    }
  }
  analyses.set(fn, analysis);
  return analysis;
}

function analyzeUncached(fn: (...args: never[]) => unknown): SourceAnalysis {
  try {
    const { source, node } = functionSource(fn);
    const result = analyzeFreeVariables(node);
    if (result.usesOuterSuper) return unshippable("the function uses 'super', which means nothing outside its class or object");
    if (result.usesOuterPrivateName) return unshippable('the function uses a #private member of its class, which exists only inside that class');
    if (result.usesImportMeta) return unshippable("the function uses 'import.meta', which exists only in its module");
    if (result.usesWith) return unshippable("the function uses 'with', which executors do not support (functions run in strict mode)");
    return { ok: true, source, freeVariables: result.freeVariables, calledFreeVariables: result.calledFreeVariables };
  } catch (error) {
    if (error instanceof UnshippableFunction) return { ok: false, reason: error.message };
    throw error;
  }
}

function unshippable(problem: string): SourceAnalysis {
  return { ok: false, reason: `${problem}; export the function from the job module and pass it by name, or rewrite it as a lambda` };
}

function closureMessage(what: string, name: string, role: 'function' | 'capture factory', called: boolean): string {
  const neither = `which is neither a JavaScript global nor an export of the job bundle`;
  if (called) {
    // A function (often an import from another module of the job): capture cannot
    // carry it, since values travel through the record serializer and functions are
    // not data. What works is making it an export of the job module.
    return (
      `${what}: the ${role} calls '${name}', ${neither}; functions cannot be captured, so fix it by ` +
      `(1) exporting '${name}' from the job module (for an imported function: export { ${name} } from '<its module>'), ` +
      `after which lambdas may call it, or (2) exporting the ${role === 'function' ? 'function' : 'lambda'} that calls it from the job module and passing it by name`
    );
  }
  if (role === 'capture factory') {
    return (
      `${what}: the capture factory refers to '${name}', ${neither}; ` +
      `fix it by adding it to the captured values: capture({ …, ${name} }, ({ …, ${name} }) => (x) => …), or by exporting it from the job module`
    );
  }
  return (
    `${what}: the function refers to '${name}', ${neither}; fix it by ` +
    `(1) exporting the function from the job module and passing it by name, ` +
    `(2) rewriting the lambda so it uses only its parameters and globals, or ` +
    `(3) capturing the value explicitly: capture({ ${name} }, ({ ${name} }) => (x) => …)`
  );
}
