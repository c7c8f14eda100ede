/**
 * Every configuration key Kindling knows, registered by the package that reads it
 * (`registerConfEntries([...])` at module load, next to the code: common's in
 * common-conf-entries.ts, the executor's in executor-conf.ts, the driver's in
 * driver-conf-entries.ts). A new feature adds its keys the same way.
 *
 * `checkConf` is what the driver runs before anything starts: a bad value of a
 * known key is an error naming the key, the value and what is accepted; an unknown
 * `kindling.*` key is a warning with the closest known key (a typo would otherwise
 * be silently ignored, as in Spark).
 */
import { InvalidArgumentError } from '../errors/index.js';
import { acceptedValues, isValidConfValue, type ConfigEntry } from './conf-entry.js';
import type { KindlingConf } from './kindling-conf.js';

const entries = new Map<string, ConfigEntry>();

/** Adds keys to the registry; registering a key twice is a bug unless the entries agree. */
export function registerConfEntries(toAdd: readonly ConfigEntry[]): void {
  for (const entry of toAdd) {
    const existing = entries.get(entry.key);
    if (existing !== undefined && existing.type.kind !== entry.type.kind) {
      throw new Error(`configuration key ${entry.key} registered twice with different types (${existing.type.kind}, ${entry.type.kind})`);
    }
    entries.set(entry.key, existing ?? entry);
  }
}

export function confEntry(key: string): ConfigEntry | undefined {
  return entries.get(key);
}

/** Every registered entry, sorted by key (documentation, tests). */
export function confEntries(): ConfigEntry[] {
  return [...entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A value of a known key that its type does not accept. */
export class InvalidConfValueError extends InvalidArgumentError {
  readonly key: string;
  readonly value: string;
  constructor(entry: ConfigEntry, value: string) {
    super(`Invalid configuration ${entry.key}=${value}: expected ${acceptedValues(entry.type)}`);
    this.key = entry.key;
    this.value = value;
  }
}

export interface ConfCheck {
  /** Values of known keys that their type does not accept, in key order. */
  readonly errors: InvalidConfValueError[];
  /** One line per unknown `kindling.*` key, with the closest known key when one is close. */
  readonly warnings: string[];
}

export function checkConf(conf: KindlingConf): ConfCheck {
  const errors: InvalidConfValueError[] = [];
  const warnings: string[] = [];
  for (const [key, value] of conf.getAll()) {
    const entry = entries.get(key);
    if (entry !== undefined) {
      if (!isValidConfValue(entry.type, value)) errors.push(new InvalidConfValueError(entry, value));
    } else if (key.startsWith('kindling.')) {
      const suggestion = closestConfKey(key);
      warnings.push(`unknown configuration key ${key} is ignored${suggestion === undefined ? '' : `; did you mean ${suggestion}?`}`);
    }
  }
  return { errors, warnings };
}

/** Throws the first bad value; returns the warnings. */
export function validateConf(conf: KindlingConf): string[] {
  const { errors, warnings } = checkConf(conf);
  if (errors.length > 0) throw errors[0]!;
  return warnings;
}

/**
 * The known key nearest to `key` by edit distance (case-insensitive), if it is near
 * enough to be a typo: at most a third of the key's last segment, and at least 2.
 */
export function closestConfKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  const lastSegment = key.slice(key.lastIndexOf('.') + 1);
  const limit = Math.max(2, Math.ceil(lastSegment.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of entries.keys()) {
    const distance = editDistance(lower, known.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
