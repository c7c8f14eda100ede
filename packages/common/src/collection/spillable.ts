/**
 * What every spilling collection shares (Spark's Spillable): it starts with a small
 * initial amount of the task's memory, and past that it asks the task's memory for twice
 * its current estimate each time it outgrows what it holds; when the answer falls
 * short it spills its contents to disk as one sorted run, releases its memory and
 * starts again. Checking every 32 records keeps the estimate off the hot path.
 *
 * Every spill is logged at info level with its size and count, so a job that spills
 * says so (the "spilling in-memory map" lines of Spark's executor logs).
 */
import type { TaskMemory } from '../memory/index.js';

/** What a collection may hold without asking (Spark's spark.shuffle.spill.initialMemoryThreshold, 5 MB). */
export const INITIAL_MEMORY_THRESHOLD = 5 * 1024 * 1024;
const CHECK_EVERY = 32;
const MIN_THRESHOLD = 64 * 1024;

export abstract class Spillable {
  private readonly initialThreshold: number;
  private threshold: number;
  private elementsRead = 0;
  /** Spills of this collection. */
  spills = 0;

  constructor(
    protected readonly memory: TaskMemory,
    /** Names the collection in logs: 'in-memory map', 'sorter'. */
    private readonly what: string,
  ) {
    // Taken from the pool like the rest (Spark hands it out free), so that all of a
    // task's collections together stay within the task's memory; a quarter of the
    // pool at most, so that a small executor's few collections all get some. When the
    // pool is exhausted, a small allowance still lets the collection make progress.
    this.initialThreshold = Math.max(MIN_THRESHOLD, memory.acquire(Math.min(INITIAL_MEMORY_THRESHOLD, Math.floor(memory.manager.maxMemory / 4))));
    this.threshold = this.initialThreshold;
  }

  /** The collection's estimated size in bytes now. */
  protected abstract estimatedSize(): number;

  /** Writes the contents to one spill file and empties the collection; returns the file's size. */
  protected abstract spill(): number;

  /** Call after each record is added. */
  protected maybeSpill(): void {
    if (++this.elementsRead % CHECK_EVERY !== 0) return;
    this.spillIfOverMemory();
  }

  /** Spills when the estimate has outgrown what the collection holds and the task's memory cannot grant more. */
  protected spillIfOverMemory(): void {
    const size = this.estimatedSize();
    if (size < this.threshold) return;
    this.threshold += this.memory.acquire(2 * size - this.threshold);
    if (size < this.threshold) return;
    this.spills++;
    const bytes = this.spill();
    this.memory.spillCount++;
    this.memory.bytesSpilled += bytes;
    this.memory.logger.info(
      { estimatedBytes: size, spillBytes: bytes, spills: this.spills, memoryMax: this.memory.manager.maxMemory },
      `spilling ${this.what} of ${mib(size)} MiB to disk (${this.spills} time${this.spills === 1 ? '' : 's'} so far, ${mib(bytes)} MiB written)`,
    );
    this.releaseMemory();
  }

  /** Gives back what the collection acquired beyond its initial allowance. */
  protected releaseMemory(): void {
    this.memory.release(this.threshold - this.initialThreshold);
    this.threshold = this.initialThreshold;
  }
}

export function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
