/**
 * Parsers for flag values shared by the commands; a bad value is a UsageError
 * (exit 2) naming the flag and the accepted form.
 */
import { UsageError } from './usage-error.js';

export function positiveInteger(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new UsageError(`${flag} expects a positive integer, got '${raw}'`);
  return Number(raw);
}

/** A TCP port; 0 asks the system for a free one. */
export function portNumber(flag: string, raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 65535) throw new UsageError(`${flag} expects a port number 0-65535, got '${raw}'`);
  return n;
}
