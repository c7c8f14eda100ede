/**
 * The children of a process, from Linux's /proc (the drill finds the driver a
 * supervisor started, and the executors a driver started, to kill them).
 */
import { readFileSync } from 'node:fs';

export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** Children that run node (the supervisor's driver, the driver's executors), not helpers such as esbuild. */
export function nodeChildPids(pid: number): number[] {
  return childPids(pid).filter((child) => {
    try {
      return /node/.test(readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0')[0] ?? '');
    } catch {
      return false;
    }
  });
}

/** Every node process under `pid`, children before their children (a supervisor's drivers, then their executors). */
export function nodeDescendantPids(pid: number): number[] {
  const out: number[] = [];
  for (const child of nodeChildPids(pid)) out.push(child, ...nodeDescendantPids(child));
  return out;
}
