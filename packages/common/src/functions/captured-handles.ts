/**
 * Broadcast and accumulator handles inside captured values (`capture({ b, hits }, …)`)
 * travel as their ids, never as their values: a broadcast is fetched once per
 * executor by id (Spark ships a TorrentBroadcast the same way, as its id), and an
 * accumulator must become the running task's zero copy on the other side.
 *
 * Before the values are v8-encoded, each handle is replaced by a marker (a plain
 * object with one reserved key); after decoding, markers become handles again
 * (`reviveHandles`). Handles are found in the captured object and in the plain
 * objects and arrays it holds, down to `maxDepth` levels: that covers every way of
 * passing one to capture without walking large captured tables element by element.
 */
import { accumulatorHandle, isAccumulator, type AccumulatorKind } from '../accumulators/index.js';
import { Broadcast, isBroadcast } from '../broadcast/index.js';

const broadcastKey = '__kindlingBroadcast';
const accumulatorKey = '__kindlingAccumulator';
const maxDepth = 3;
/** Arrays longer than this are data, not a place where handles are passed. */
const maxArrayScan = 64;

export interface HandleSummary {
  /** Broadcasts the captured values refer to: a task loads them before it starts. */
  readonly broadcastIds: readonly number[];
  readonly accumulatorIds: readonly number[];
}

/** The values with handles replaced by markers (a copy only where something was replaced), and which handles were found. */
export function replaceHandles(values: Record<string, unknown>): { values: Record<string, unknown>; handles: HandleSummary | undefined } {
  const broadcastIds = new Set<number>();
  const accumulatorIds = new Set<number>();
  const replace = (value: unknown, depth: number): unknown => {
    if (isBroadcast(value)) {
      broadcastIds.add(value.id);
      return { [broadcastKey]: value.id };
    }
    if (isAccumulator(value)) {
      accumulatorIds.add(value.id);
      return { [accumulatorKey]: { id: value.id, kind: value.kind, name: value.name ?? null } };
    }
    if (depth >= maxDepth || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      if (value.length > maxArrayScan) return value;
      let copy: unknown[] | undefined;
      value.forEach((element, i) => {
        const replaced = replace(element, depth + 1);
        if (replaced !== element) (copy ??= [...value])[i] = replaced;
      });
      return copy ?? value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    let copy: Record<string, unknown> | undefined;
    for (const [key, element] of Object.entries(value)) {
      const replaced = replace(element, depth + 1);
      if (replaced !== element) (copy ??= { ...(value as Record<string, unknown>) })[key] = replaced;
    }
    return copy ?? value;
  };
  const replaced = replace(values, 0) as Record<string, unknown>;
  if (broadcastIds.size === 0 && accumulatorIds.size === 0) return { values, handles: undefined };
  return { values: replaced, handles: { broadcastIds: [...broadcastIds], accumulatorIds: [...accumulatorIds] } };
}

/** Decoded captured values with markers turned back into handles (in place: the values are a fresh decoded copy). */
export function reviveHandles(values: unknown): unknown {
  const revive = (value: unknown, depth: number): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Object.prototype.hasOwnProperty.call(value, broadcastKey)) return new Broadcast((value as Record<string, number>)[broadcastKey]!);
    if (Object.prototype.hasOwnProperty.call(value, accumulatorKey)) {
      const { id, kind, name } = (value as Record<string, { id: number; kind: AccumulatorKind; name: string | null }>)[accumulatorKey]!;
      return accumulatorHandle(kind, id, name ?? undefined);
    }
    if (depth >= maxDepth) return value;
    if (Array.isArray(value)) {
      if (value.length <= maxArrayScan) for (let i = 0; i < value.length; i++) value[i] = revive(value[i], depth + 1);
      return value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = revive(record[key], depth + 1);
    return value;
  };
  return revive(values, 0);
}
