/**
 * The mapWithState function the state checkpoint and recovery tests share: a
 * running count per key, returning the key's new count. It uses only its
 * parameters, so it is shipped (and recorded in a checkpoint) as source text.
 */
import type { State } from '@kindling/common';

export const runningCount = (_k: string, v: number | undefined, s: State<number>): number => {
  const n = (s.exists() ? s.get() : 0) + (v ?? 0);
  s.update(n);
  return n;
};
