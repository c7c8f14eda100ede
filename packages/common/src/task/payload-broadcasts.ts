/**
 * The broadcasts a stage's functions capture, listed in its payload so that a task
 * loads them before it starts (`b.value` is a synchronous read in the middle of
 * compute, and fetching is not). Found on the driver, once per stage, from the
 * `handles` of the captured FunctionRefs in the plans and the stage's functions.
 *
 * FunctionRefs sit in an RDD plan's data, in builtin args (refs wrapping refs), in
 * aggregators and in partitioner plans: a few levels down, in short arrays. Long
 * arrays are data (parallelized slices) and are not walked.
 */
import { isFunctionRef } from '../functions/index.js';

const maxDepth = 8;
const maxArrayScan = 64;

export function collectBroadcastIds(roots: readonly unknown[]): number[] {
  const ids = new Set<number>();
  const seen = new Set<object>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > maxDepth || seen.has(value)) return;
    if (ArrayBuffer.isView(value)) return;
    seen.add(value);
    if (isFunctionRef(value)) {
      if (value.kind === 'captured') for (const id of value.handles?.broadcastIds ?? []) ids.add(id);
      if (value.kind === 'builtin') visit(value.args, depth + 1);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length <= maxArrayScan) for (const element of value) visit(element, depth + 1);
      return;
    }
    if (value instanceof Map || value instanceof Set) return;
    for (const element of Object.values(value)) visit(element, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return [...ids].sort((a, b) => a - b);
}
