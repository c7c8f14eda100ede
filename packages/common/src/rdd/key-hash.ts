/**
 * A structural, deterministic hash of a record key. HashPartitioner places a key
 * by this hash, and every process — driver, executors, a restarted driver — must
 * place equal keys identically, so it may depend only on the key's value: never on
 * object identity, insertion order of properties, or per-process seeds.
 *
 * Keys are equal as `groupingKey` defines: SameValueZero for primitives (so -0 and
 * 0 hash alike and every NaN hashes alike), element-wise for arrays, by sorted own
 * keys for plain objects, by time for Dates, by bytes for Uint8Arrays.
 */
import { InvalidArgumentError } from '../errors/index.js';

const SEED_NULL = 0x9e3779b9 | 0;
const SEED_UNDEFINED = 0x7f4a7c15 | 0;
const SEED_TRUE = 0x1b873593 | 0;
const SEED_FALSE = 0x2545f491 | 0;
const SEED_NAN = 0x68e31da4 | 0;
const SEED_BIGINT = 0x3c6ef372 | 0;
const SEED_DATE = 0x5851f42d | 0;
const SEED_ARRAY = 0x4cf5ad43 | 0;
const SEED_OBJECT = 0x1d8e4e27 | 0;
const SEED_BYTES = 0x6c62272e | 0;

const float64 = new Float64Array(1);
const float64Words = new Int32Array(float64.buffer);

/** A 32-bit signed hash of `key`; throws InvalidArgumentError for keys that have no stable value (functions, symbols…). */
export function hashKey(key: unknown): number {
  switch (typeof key) {
    case 'string':
      return hashString(key);
    case 'number':
      return hashNumber(key);
    case 'boolean':
      return key ? SEED_TRUE : SEED_FALSE;
    case 'undefined':
      return SEED_UNDEFINED;
    case 'bigint':
      return mix(SEED_BIGINT ^ hashString(key.toString(16)));
    case 'object':
      return key === null ? SEED_NULL : hashObject(key);
    default:
      throw unsupportedKey(key);
  }
}

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser so that `hash % n` spreads well. */
export function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}

function hashNumber(n: number): number {
  if (Number.isNaN(n)) return SEED_NAN;
  // Integers in int32 range hash by value; everything else by its float64 bits.
  // `n | 0` of -0 is 0, so -0 and 0 land together as SameValueZero wants.
  if ((n | 0) === n) return mix(n);
  float64[0] = n;
  return mix(float64Words[0]! ^ Math.imul(float64Words[1]!, 0x27d4eb2d));
}

function hashObject(key: object): number {
  if (Array.isArray(key)) {
    let h = SEED_ARRAY ^ key.length;
    for (const element of key) h = Math.imul(h, 31) + hashKey(element);
    return mix(h);
  }
  if (key instanceof Date) return mix(SEED_DATE ^ hashNumber(key.getTime()));
  if (key instanceof Uint8Array) {
    let h = SEED_BYTES ^ key.length;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
    return mix(h);
  }
  const proto = Object.getPrototypeOf(key) as unknown;
  if (proto !== Object.prototype && proto !== null) throw unsupportedKey(key);
  const names = Object.keys(key).sort();
  let h = SEED_OBJECT ^ names.length;
  for (const name of names) {
    h = Math.imul(h, 31) + hashString(name);
    h = Math.imul(h, 31) + hashKey((key as Record<string, unknown>)[name]);
  }
  return mix(h);
}

/** murmur3's fmix32. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export function unsupportedKey(key: unknown): InvalidArgumentError {
  const what =
    typeof key === 'object' && key !== null ? `an instance of ${key.constructor?.name ?? 'a class'}` : `a ${typeof key}`;
  return new InvalidArgumentError(
    `Cannot use ${what} as a key: keys must be strings, numbers, booleans, bigints, null, undefined, Dates, Uint8Arrays, or arrays/plain objects of those`,
  );
}
