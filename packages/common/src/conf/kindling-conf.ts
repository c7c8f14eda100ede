/**
 * Configuration as string key/value pairs, like SparkConf: keys mirror Spark's with
 * the `kindling.` prefix. Typed getters parse on read and fail with one clear line
 * naming the key and the expected form.
 */
import { InvalidArgumentError } from '../errors/index.js';

export class KindlingConf {
  private readonly settings = new Map<string, string>();

  constructor(initial?: Iterable<readonly [string, string]> | Record<string, string>) {
    if (initial === undefined) return;
    const entries = Symbol.iterator in initial ? initial : Object.entries(initial);
    for (const [k, v] of entries as Iterable<readonly [string, string]>) this.set(k, v);
  }

  set(key: string, value: string | number | boolean): this {
    if (key.trim() === '') throw new InvalidArgumentError('Configuration key must not be empty');
    this.settings.set(key, String(value));
    return this;
  }

  setIfMissing(key: string, value: string | number | boolean): this {
    if (!this.settings.has(key)) this.set(key, value);
    return this;
  }

  remove(key: string): this {
    this.settings.delete(key);
    return this;
  }

  contains(key: string): boolean {
    return this.settings.has(key);
  }

  get(key: string): string | undefined;
  get(key: string, defaultValue: string): string;
  get(key: string, defaultValue?: string): string | undefined {
    return this.settings.get(key) ?? defaultValue;
  }

  getInt(key: string, defaultValue: number): number {
    const raw = this.settings.get(key);
    if (raw === undefined) return defaultValue;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`Configuration ${key}=${raw} is not an integer`);
    return n;
  }

  getBoolean(key: string, defaultValue: boolean): boolean {
    const raw = this.settings.get(key);
    if (raw === undefined) return defaultValue;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw new InvalidArgumentError(`Configuration ${key}=${raw} is not a boolean; use true or false`);
  }

  /** A duration in milliseconds; accepts `500ms`, `10s`, `2m`, `1h` or a bare number of ms. */
  getDurationMs(key: string, defaultMs: number): number {
    const raw = this.settings.get(key);
    if (raw === undefined) return defaultMs;
    const ms = parseDurationMs(raw);
    if (ms === undefined) throw new InvalidArgumentError(`Configuration ${key}=${raw} is not a duration; use e.g. 500ms, 10s, 2m`);
    return ms;
  }

  getAll(): Array<[string, string]> {
    return [...this.settings.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  clone(): KindlingConf {
    return new KindlingConf(this.settings);
  }
}

const durationUnits: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

export function parseDurationMs(raw: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(raw);
  if (match === null) return undefined;
  const unit = durationUnits[match[2] ?? 'ms'];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}
