/**
 * A rough estimate of the bytes a JavaScript value occupies in V8's heap (Spark's
 * SizeEstimator, for the same purpose: deciding when a cache or a spilling
 * collection has outgrown its share of memory). V8 exposes no per-object size, so
 * the figures are the object layouts of 64-bit V8 without pointer compression
 * (Node's default): 8-byte slots, 16-byte heap numbers, a header of two or three
 * slots per object. Under-estimating is the dangerous direction (an isolate out of
 * heap is killed), so the constants round up.
 *
 * Arrays, Maps and Sets longer than SAMPLE_THRESHOLD are sampled, as Spark samples large arrays:
 * a group of a million values is estimated from 32 of them, so estimating a
 * growing combiner stays cheap (Spark's 400/100 made the sizing of groupByKey's
 * lists a third of a reducer's CPU, since the map sizes a combiner every 32
 * records rather than the whole map now and then).
 */

const SLOT = 8;
const OBJECT_HEADER = 24;
const ARRAY_HEADER = 32;
const HEAP_NUMBER = 16;
const STRING_HEADER = 24;
const MAP_ENTRY = 3 * SLOT + 8;
const SAMPLE_THRESHOLD = 100;
const SAMPLES = 32;
/** Nesting below this depth is counted as one slot: records are shallow, and a cycle must not loop. */
const MAX_DEPTH = 8;

export function estimateSize(value: unknown): number {
  return SLOT + sizeOf(value, 0);
}

/** Bytes of `value` beyond the slot that refers to it. */
function sizeOf(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'number':
      // Small integers live in the slot itself; anything else is a boxed heap number.
      return Number.isInteger(value) && Math.abs(value) < 2 ** 30 ? 0 : HEAP_NUMBER;
    case 'string':
      // One-byte strings are the common case; a two-byte string is under-counted by its length.
      return STRING_HEADER + align(value.length);
    case 'bigint':
      return 16 + SLOT * Math.ceil(value.toString(16).length / 16);
    case 'object':
      if (value === null) return 0;
      if (depth >= MAX_DEPTH) return OBJECT_HEADER;
      return objectSize(value, depth + 1);
    default:
      // booleans, undefined: shared oddballs; functions and symbols do not occur in records.
      return 0;
  }
}

function objectSize(value: object, depth: number): number {
  if (Array.isArray(value)) return arraySize(value, depth);
  if (ArrayBuffer.isView(value)) return OBJECT_HEADER + 5 * SLOT + value.byteLength;
  if (value instanceof Map) return collectionSize(value.size, value.entries(), (e) => sizeOf(e[0], depth) + sizeOf(e[1], depth));
  if (value instanceof Set) return collectionSize(value.size, value.values(), (v) => sizeOf(v, depth));
  if (value instanceof Date) return OBJECT_HEADER + HEAP_NUMBER;
  let bytes = OBJECT_HEADER;
  for (const key in value) {
    // A property costs its slot plus, for dictionary-mode objects, the key: count both.
    bytes += 2 * SLOT + sizeOf((value as Record<string, unknown>)[key], depth);
  }
  return bytes;
}

function arraySize(array: readonly unknown[], depth: number): number {
  const n = array.length;
  let bytes = ARRAY_HEADER + n * SLOT;
  if (n <= SAMPLE_THRESHOLD) {
    for (let i = 0; i < n; i++) bytes += sizeOf(array[i], depth);
    return bytes;
  }
  // Evenly spaced samples: a deterministic estimate, so tests and spills repeat.
  let sampled = 0;
  const step = n / SAMPLES;
  for (let i = 0; i < SAMPLES; i++) sampled += sizeOf(array[Math.floor(i * step)], depth);
  return bytes + Math.ceil((sampled / SAMPLES) * n);
}

/**
 * A Map or Set: each entry's slot, plus its contents — all of them up to
 * SAMPLE_THRESHOLD entries, else the first SAMPLES scaled up. The first, not evenly
 * spaced: reaching the middle of a Map means iterating to it, and a cached state
 * record (mapWithState) holds a chain of 50,000-key level Maps that every batch's
 * caching measured in full, 2-3 % of the stateful bench's task time. Entries of one
 * Map are alike in the records Kindling holds (state levels, groups).
 */
function collectionSize<E>(size: number, entries: Iterator<E>, entrySize: (entry: E) => number): number {
  const bytes = OBJECT_HEADER + size * MAP_ENTRY;
  const counted = size <= SAMPLE_THRESHOLD ? size : SAMPLES;
  let sampled = 0;
  for (let i = 0; i < counted; i++) {
    const r = entries.next();
    if (r.done === true) break;
    sampled += entrySize(r.value);
  }
  return bytes + (counted === size ? sampled : Math.ceil((sampled / counted) * size));
}

function align(n: number): number {
  return (n + 7) & ~7;
}
