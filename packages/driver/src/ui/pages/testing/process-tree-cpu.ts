/**
 * CPU time of a browser's process tree from /proc, in total and by Chromium process
 * type (the `--type=` of each process's command line: the browser process has none;
 * a utility process is named by its `--utility-sub-type`, the network service
 * among them). The ui-cost benches use it to say where a browser's CPU goes: the
 * pages' renderers are only part of it; the browser process, the network service
 * and the GPU process (compositing, in software here) take the rest.
 *
 * Linux only (the benches run there); a process that ended and was reaped counts in
 * its reaper's `cutime`, so a closed tab's renderer is counted as "(reaped)" under
 * the type of the process that reaped it.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc's ticks per second. */
const TICKS_PER_S = 100;

interface ProcessTicks {
  readonly kind: string;
  /** utime + stime of the process itself. */
  readonly own: number;
  /** cutime + cstime: its children that ended and were reaped. */
  readonly reaped: number;
}

/** A reading of a process tree: each process's ticks, by pid. */
export type TreeReading = ReadonlyMap<number, ProcessTicks>;

/** The Chromium process type of a command line ("browser" when it names none; the root's own kind otherwise). */
export function chromiumProcessKind(cmdline: readonly string[]): string {
  const flag = (name: string): string | undefined => cmdline.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const type = flag('type');
  if (type === undefined) {
    const exe = cmdline[0] ?? '';
    return /chrom/.test(exe) ? 'browser' : /node/.test(exe) ? 'node (DevTools client)' : exe;
  }
  if (type === 'utility') {
    const sub = flag('utility-sub-type') ?? '';
    return sub.includes('NetworkService') ? 'network service' : sub.includes('StorageService') ? 'storage service' : `utility ${sub}`;
  }
  return type;
}

/** Reads `rootPid` and every process below it now. */
export function readProcessTree(rootPid: number): TreeReading {
  const parents = new Map<number, number>();
  const ticks = new Map<number, { own: number; reaped: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      ticks.set(Number(name), { own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) });
    } catch {
      // Gone between the listing and the read.
    }
  }
  const tree = new Map<number, ProcessTicks>();
  for (const [pid, t] of ticks) {
    let inTree = false;
    for (let q: number | undefined = pid; q !== undefined && q > 1; q = parents.get(q)) {
      if (q === rootPid) {
        inTree = true;
        break;
      }
    }
    if (!inTree) continue;
    let cmdline: string[] = [];
    try {
      // Chromium rewrites its processes' titles: their arguments are one string, space-separated.
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    } catch {
      // Gone: its ticks were read; its kind is unknown.
    }
    tree.set(pid, { kind: chromiumProcessKind(cmdline), ...t });
  }
  return tree;
}

/** CPU seconds of the whole tree in `reading` (the reaped children included). */
export function treeCpuSeconds(reading: TreeReading): number {
  let total = 0;
  for (const t of reading.values()) total += t.own + t.reaped;
  return total / TICKS_PER_S;
}

/**
 * CPU seconds each process type used between two readings of one tree. A process
 * that started between them counts in full; one that ended between them counts
 * only through its reaper's "(reaped)" line.
 */
export function cpuByKind(before: TreeReading, after: TreeReading): Map<string, number> {
  const byKind = new Map<string, number>();
  const add = (kind: string, ticks: number): void => {
    if (ticks > 0) byKind.set(kind, (byKind.get(kind) ?? 0) + ticks / TICKS_PER_S);
  };
  for (const [pid, now] of after) {
    const then = before.get(pid);
    add(now.kind, now.own - (then?.own ?? 0));
    add(`${now.kind} (reaped)`, now.reaped - (then?.reaped ?? 0));
  }
  return byKind;
}

/** "browser 1.2, renderer 0.8, …" in decreasing order, with the total first. */
export function describeCpuByKind(byKind: ReadonlyMap<string, number>): string {
  const total = [...byKind.values()].reduce((a, b) => a + b, 0);
  const parts = [...byKind].sort((a, b) => b[1] - a[1]).map(([k, s]) => `${k} ${s.toFixed(2)}`);
  return `${total.toFixed(2)} CPU s: ${parts.join(', ')}`;
}
