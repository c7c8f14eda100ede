/**
 * What the soak job watches, at the start and at the end of its run, to show that a
 * stream that runs for days stays flat: the driver's heap after a full collection,
 * the executors' resident memory (local[N]: read from /proc by pid, as Spark's
 * ProcfsMetricsGetter does), the shuffle files in their work directories, the size
 * of the checkpoint directory, and the driver's own per-batch bookkeeping.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterBackend } from '../../cluster/cluster-backend.js';
import type { KindlingContext } from '../../kindling-context.js';
import type { StreamingContext } from '../streaming-context.js';

export interface SoakSample {
  readonly batch: number;
  readonly driverHeapBytes: number;
  /** Resident set of each executor process; empty when they are not local processes (or not on Linux). */
  readonly executorRssBytes: readonly number[];
  readonly shuffleFiles: number;
  /** Executor work directories on disk (local[N]): the live executors', and any a dead one left. */
  readonly executorDirs: number;
  readonly checkpointBytes: number;
  readonly checkpointFiles: number;
  /** Shuffles the MapOutputTracker knows, RDDs with cached blocks, RDDs the streams remember. */
  readonly trackedShuffles: number;
  readonly cachedRdds: number;
  readonly rememberedRdds: number;
}

export interface SoakProbeTargets {
  readonly kc: KindlingContext;
  readonly ssc: StreamingContext;
  readonly backend: ClusterBackend | undefined;
  /** A local directory holding the checkpoints. */
  readonly checkpointPath: string;
  /** Forces a full garbage collection (and lets finalizers run) before measuring. */
  readonly collectGarbage: () => Promise<void>;
}

export async function sample(batch: number, targets: SoakProbeTargets): Promise<SoakSample> {
  const { kc, ssc, backend } = targets;
  await targets.collectGarbage();
  await kc.cleaner?.cleanupsSettled();
  const checkpoint = await directorySize(targets.checkpointPath);
  const executorIds = backend?.executorIds() ?? [];
  let shuffleFiles = 0;
  for (const id of executorIds) {
    const workDir = backend?.localExecutorWorkDir(id);
    if (workDir !== undefined) shuffleFiles += (await readdir(join(workDir, 'shuffle')).catch(() => [])).length;
  }
  const root = backend?.localWorkRoot();
  const executorDirs = root === undefined ? 0 : (await readdir(root).catch(() => [])).filter((name) => name.startsWith('executor-')).length;
  const rss = await Promise.all((backend?.localExecutorPids() ?? []).map(residentBytes));
  return {
    batch,
    driverHeapBytes: process.memoryUsage().heapUsed,
    executorRssBytes: rss.filter((n): n is number => n !== undefined),
    shuffleFiles,
    executorDirs,
    checkpointBytes: checkpoint.bytes,
    checkpointFiles: checkpoint.files,
    trackedShuffles: kc.mapOutputTracker.shuffleIds().length,
    cachedRdds: kc.blockManagerMaster.numCachedRdds,
    rememberedRdds: ssc.graph.allStreams().reduce((n, s) => n + s.generatedRDDs.size, 0),
  };
}

/** VmRSS of a process from /proc/<pid>/status; undefined where there is no procfs. */
async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

async function directorySize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else {
        files++;
        bytes += (await stat(path).catch(() => ({ size: 0 }))).size;
      }
    }
  }
  return { bytes, files };
}

/** One line per sample, in MiB where it is memory. */
export function formatSample(s: SoakSample): string {
  const mib = (n: number): string => (n / 1024 / 1024).toFixed(1);
  const rss = s.executorRssBytes.length === 0 ? 'n/a' : s.executorRssBytes.map(mib).join(' + ');
  return [
    `batch ${String(s.batch).padStart(5)}`,
    `driver heap ${mib(s.driverHeapBytes)} MiB`,
    `executor RSS ${rss} MiB`,
    `shuffle files ${s.shuffleFiles}`,
    `executor dirs ${s.executorDirs}`,
    `checkpoint ${(s.checkpointBytes / 1024).toFixed(1)} KiB in ${s.checkpointFiles} files`,
    `tracked shuffles ${s.trackedShuffles}`,
    `cached RDDs ${s.cachedRdds}`,
    `remembered RDDs ${s.rememberedRdds}`,
  ].join(' | ');
}
