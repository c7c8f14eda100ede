/**
 * What `kindling.executor.memory` (`--executor-memory`) means, as in Spark: the heap
 * of an executor. A local[N] executor process runs with `--max-old-space-size` set
 * from it (plus an overhead, see executorHeapMegabytes; every isolate of the process
 * — the main thread and each task thread — gets that old-generation limit), and its
 * task threads share
 *
 *   (memory − reserved) × kindling.memory.fraction
 *
 * between cached blocks and the collections of shuffles and sorts (Spark's unified
 * memory), split evenly between the task threads, because each thread is its own
 * V8 isolate with its own heap and its own block manager. The rest is headroom for
 * the engine's own objects, for records in flight, and for the estimates being
 * estimates.
 */
import type { KindlingConf } from '../conf/index.js';
import { InvalidArgumentError } from '../errors/index.js';
import { MemoryManager } from './memory-manager.js';

export const MemoryConf = {
  executorMemory: 'kindling.executor.memory',
  fraction: 'kindling.memory.fraction',
  storageFraction: 'kindling.memory.storageFraction',
} as const;

const MiB = 1024 * 1024;

export const memoryDefaults = {
  /** Spark's default executor memory. */
  executorMemoryBytes: 1024 * MiB,
  /**
   * What a task thread's isolate holds before it runs anything (the engine's modules,
   * gRPC, msgpackr: ~12 MiB measured) plus a margin; Spark reserves 300 MB of a JVM
   * for the same reason.
   */
  reservedBytes: 24 * MiB,
  fraction: 0.6,
  storageFraction: 0.5,
  /** Heap beyond the executor memory: V8's room to collect garbage (see executorHeapMegabytes). */
  heapOverheadMb: 32,
  heapOverheadFraction: 0.1,
} as const;

/** The smallest executor memory that leaves anything to manage once the reserve is taken. */
export const minExecutorMemoryBytes = 2 * memoryDefaults.reservedBytes;

const units: Readonly<Record<string, number>> = { '': MiB, b: 1, k: 1024, kb: 1024, m: MiB, mb: MiB, g: 1024 * MiB, gb: 1024 * MiB, t: 1024 ** 4, tb: 1024 ** 4 };

/** Bytes of a size such as `512m`, `2g` or `1536k`; a bare number is MiB, as for spark.executor.memory. */
export function parseByteSize(raw: string, key: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?b?)\s*$/i.exec(raw);
  const unit = match === null ? undefined : units[match[2]!.toLowerCase()];
  if (match === null || unit === undefined) {
    throw new InvalidArgumentError(`Configuration ${key}=${raw} is not a size; use e.g. 512m or 2g`);
  }
  return Math.floor(Number(match[1]) * unit);
}

/** kindling.executor.memory in bytes, checked against the minimum. */
export function executorMemoryBytes(conf: KindlingConf): number {
  const raw = conf.get(MemoryConf.executorMemory);
  if (raw === undefined) return memoryDefaults.executorMemoryBytes;
  const bytes = parseByteSize(raw, MemoryConf.executorMemory);
  if (bytes < minExecutorMemoryBytes) {
    throw new InvalidArgumentError(
      `Executor memory ${raw} (${MemoryConf.executorMemory}) is below the minimum of ${minExecutorMemoryBytes / MiB}m; use --executor-memory ${minExecutorMemoryBytes / MiB}m or more`,
    );
  }
  return bytes;
}

/**
 * The `--max-old-space-size` (MiB) of an executor process, or undefined when the
 * user set no memory: the executor memory plus an overhead of a tenth of it, at
 * least 32 MiB (Spark adds spark.executor.memoryOverhead, max(384 MB, 10%), to a
 * container for the same reason). V8 needs room to collect garbage: with the old
 * generation exactly at the executor memory, a 64m executor whose collections
 * used their share spent most of its time in full GCs and then died of an
 * ineffective mark-compact, though the live data fit.
 */
export function executorHeapMegabytes(conf: KindlingConf): number | undefined {
  if (!conf.contains(MemoryConf.executorMemory)) return undefined;
  const memoryMb = executorMemoryBytes(conf) / MiB;
  return Math.ceil(memoryMb + Math.max(memoryDefaults.heapOverheadMb, memoryMb * memoryDefaults.heapOverheadFraction));
}

function fractionOf(conf: KindlingConf, key: string, fallback: number): number {
  const raw = conf.get(key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(value > 0 && value <= 1)) throw new InvalidArgumentError(`Configuration ${key}=${raw} must be a number in (0, 1], e.g. ${fallback}`);
  return value;
}

/** Bytes the memory manager of one of `slots` task threads manages. */
export function managedMemoryBytes(conf: KindlingConf, slots: number): number {
  const usable = executorMemoryBytes(conf) - memoryDefaults.reservedBytes;
  return Math.floor((usable * fractionOf(conf, MemoryConf.fraction, memoryDefaults.fraction)) / Math.max(1, slots));
}

/** The memory manager of one task thread (or of the in-process backend), from the configuration. */
export function memoryManagerFromConf(conf: KindlingConf, slots: number): MemoryManager {
  return new MemoryManager({
    maxMemory: managedMemoryBytes(conf, slots),
    storageFraction: fractionOf(conf, MemoryConf.storageFraction, memoryDefaults.storageFraction),
  });
}
