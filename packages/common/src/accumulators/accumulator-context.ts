/**
 * The accumulators of this process (Spark's AccumulatorContext), and the per-task
 * copies tasks add to.
 *
 * A task never adds to the driver's accumulator: it adds to a fresh zero copy of
 * its own (`TaskAccumulators`), and the copies' states travel back with the task's
 * successful outcome; the DAG scheduler merges them into the originals registered
 * here. The task's copies are found through an AsyncLocalStorage rather than held by
 * the handle, because a resolved function — with the handles its capture revived —
 * is cached and shared by every task of the process (functions/function-resolver.ts),
 * and tasks on one thread interleave at their awaits.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { IllegalStateError } from '../errors/index.js';
import type { AccumulatorV2 } from './accumulator.js';

/** One accumulator's updates from one task: its id and the copy's mergeable state. */
export interface AccumulatorUpdate {
  readonly id: number;
  readonly state: unknown;
}

const originals = new Map<number, AccumulatorV2<unknown, unknown>>();
/** From the clock, as broadcast ids (broadcast-registry.ts): ids restored from a checkpoint must stay free. */
let nextId = Date.now();

export const AccumulatorContext = {
  newId(): number {
    return nextId++;
  },
  /** Registers a driver-side original (new, or restored from a checkpoint under its old id). */
  register(accumulator: AccumulatorV2<unknown, unknown>): void {
    const existing = originals.get(accumulator.id);
    if (existing !== undefined && existing !== accumulator) {
      throw new IllegalStateError(`Accumulator ${accumulator.id} is already registered in this process`);
    }
    originals.set(accumulator.id, accumulator);
    if (accumulator.id >= nextId) nextId = accumulator.id + 1;
  },
  /**
   * Makes updates sent under `id` go to `accumulator`: a restarted driver whose code
   * made the named accumulator again (a new id) before the checkpoint was read, while
   * the checkpointed functions' handles carry the old id.
   */
  alias(id: number, accumulator: AccumulatorV2<unknown, unknown>): void {
    const existing = originals.get(id);
    if (existing !== undefined && existing !== accumulator) throw new IllegalStateError(`Accumulator ${id} is already registered in this process`);
    originals.set(id, accumulator);
    if (id >= nextId) nextId = id + 1;
  },
  get(id: number): AccumulatorV2<unknown, unknown> | undefined {
    return originals.get(id);
  },
  remove(id: number): void {
    originals.delete(id);
  },
  /** Merges a task's updates into the originals; updates of accumulators not held here are ignored and counted. */
  merge(updates: readonly AccumulatorUpdate[]): number {
    let unknown = 0;
    for (const update of updates) {
      const original = originals.get(update.id);
      if (original === undefined) unknown++;
      else original.mergeState(update.state);
    }
    return unknown;
  },
};

/** The zero copies one task attempt adds to, created on the task's first add to each accumulator. */
export class TaskAccumulators {
  private readonly copies = new Map<number, AccumulatorV2<unknown, unknown>>();

  copyOf<A extends AccumulatorV2<unknown, unknown>>(handle: A): A {
    let copy = this.copies.get(handle.id);
    if (copy === undefined) {
      copy = handle.newTaskCopy();
      this.copies.set(handle.id, copy);
    }
    return copy as A;
  }

  /** The states of the copies that were added to, for the task's outcome. */
  updates(): AccumulatorUpdate[] {
    const updates: AccumulatorUpdate[] = [];
    for (const copy of this.copies.values()) if (!copy.isZero) updates.push({ id: copy.id, state: copy.state() });
    return updates;
  }
}

const taskScope = new AsyncLocalStorage<TaskAccumulators>();

/** Runs a task attempt with its own accumulator copies. */
export function runWithTaskAccumulators<R>(accumulators: TaskAccumulators, fn: () => Promise<R>): Promise<R> {
  return taskScope.run(accumulators, fn);
}

/** The running task's copies, or undefined outside a task (driver code). */
export function currentTaskAccumulators(): TaskAccumulators | undefined {
  return taskScope.getStore();
}
