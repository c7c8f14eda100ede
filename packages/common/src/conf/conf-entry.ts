/**
 * One known configuration key (Spark's ConfigEntry): its type, default, accepted
 * values and a one-line doc. The registry (conf-registry.ts) holds them all, so the
 * driver can check every setting before anything starts.
 */
import { parseDurationMs } from './kindling-conf.js';

export type ConfValueType =
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'boolean' }
  /** `500ms`, `10s`, `2m`, `1h` or a bare number of milliseconds. */
  | { readonly kind: 'duration' }
  /** Spark's memory strings: `512m`, `2g`, `1024k`, or bytes. */
  | { readonly kind: 'bytes' }
  | { readonly kind: 'string' }
  /** One of a closed set; a function when the set lives elsewhere (serializers, codecs). */
  | { readonly kind: 'enum'; readonly values: readonly string[] | (() => readonly string[]) };

export interface ConfigEntry {
  readonly key: string;
  readonly type: ConfValueType;
  /** The default as a user would write it; undefined when there is none (or it is computed). */
  readonly default?: string;
  /** One line: what the key does. */
  readonly doc: string;
}

/** Shorthands for registering entries: `confInt('kindling.ui.port', 4040, 'port of the UI', { min: 0, max: 65535 })`. */
export const confInt = (key: string, defaultValue: number | undefined, doc: string, range: { min?: number; max?: number } = {}): ConfigEntry => ({
  key,
  type: { kind: 'int', ...range },
  ...(defaultValue === undefined ? {} : { default: String(defaultValue) }),
  doc,
});
export const confBoolean = (key: string, defaultValue: boolean, doc: string): ConfigEntry => ({ key, type: { kind: 'boolean' }, default: String(defaultValue), doc });
export const confDuration = (key: string, defaultValue: string | undefined, doc: string): ConfigEntry => ({
  key,
  type: { kind: 'duration' },
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  doc,
});
export const confBytes = (key: string, defaultValue: string | undefined, doc: string): ConfigEntry => ({
  key,
  type: { kind: 'bytes' },
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  doc,
});
export const confString = (key: string, defaultValue: string | undefined, doc: string): ConfigEntry => ({
  key,
  type: { kind: 'string' },
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  doc,
});
export const confEnum = (key: string, values: readonly string[] | (() => readonly string[]), defaultValue: string | undefined, doc: string): ConfigEntry => ({
  key,
  type: { kind: 'enum', values },
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  doc,
});

/** What a value of this type looks like, for the error message. */
export function acceptedValues(type: ConfValueType): string {
  switch (type.kind) {
    case 'int': {
      const { min, max } = type;
      if (min !== undefined && max !== undefined) return `a whole number from ${min} to ${max}`;
      if (min !== undefined) return `a whole number >= ${min}`;
      if (max !== undefined) return `a whole number <= ${max}`;
      return 'a whole number';
    }
    case 'boolean':
      return 'true or false';
    case 'duration':
      return 'a duration such as 500ms, 10s, 2m or 1h';
    case 'bytes':
      return 'a size such as 512m, 2g or 1048576';
    case 'string':
      return 'any text';
    case 'enum':
      return `one of ${enumValues(type).join(', ')}`;
    default: {
      const unexpected: never = type;
      throw new Error(`unknown configuration type ${JSON.stringify(unexpected)}`);
    }
  }
}

export function enumValues(type: ConfValueType & { kind: 'enum' }): readonly string[] {
  return typeof type.values === 'function' ? type.values() : type.values;
}

/** True when `raw` is a value of this type (the typed getters of KindlingConf would accept it). */
export function isValidConfValue(type: ConfValueType, raw: string): boolean {
  const value = raw.trim();
  switch (type.kind) {
    case 'int': {
      if (!/^[+-]?\d+$/.test(value)) return false;
      const n = Number(value);
      return (type.min === undefined || n >= type.min) && (type.max === undefined || n <= type.max);
    }
    case 'boolean':
      return raw === 'true' || raw === 'false';
    case 'duration':
      return parseDurationMs(raw) !== undefined;
    case 'bytes':
      return /^\d+(\.\d+)?\s*[kmgt]?b?$/i.test(value);
    case 'string':
      return true;
    case 'enum':
      return enumValues(type).includes(value);
    default: {
      const unexpected: never = type;
      throw new Error(`unknown configuration type ${JSON.stringify(unexpected)}`);
    }
  }
}
