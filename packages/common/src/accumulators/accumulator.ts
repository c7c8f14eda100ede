/**
 * Accumulators (Spark's AccumulatorV2, LongAccumulator, DoubleAccumulator,
 * CollectionAccumulator): variables that tasks only add to and the driver reads.
 *
 * Three roles of one class:
 * - the **original**, made on the driver by `kc.longAccumulator(name)` and
 *   registered in the AccumulatorContext: its `value` is the merged total;
 * - a **handle**, revived from a capture in a task's function (it travels as its id,
 *   kind and name only): every call goes to the running task's zero copy, or, outside
 *   a task (driver code), to the original;
 * - a **task copy**, one per task attempt and accumulator, whose state travels back
 *   with the task's outcome to be merged into the original.
 *
 * Guarantee (Spark's): updates made in an action's tasks (a result stage) count once
 * per partition, even when a task is retried or speculated: the DAG scheduler merges
 * only the first successful attempt of each partition. Updates made in
 * transformations (shuffle map stages, recomputed partitions) may count more than once.
 */
import { IllegalStateError, InvalidArgumentError } from '../errors/index.js';
import { AccumulatorContext, currentTaskAccumulators } from './accumulator-context.js';

export type AccumulatorKind = 'long' | 'double' | 'collection';

/** Symbol.for: the tag holds even if two copies of @kindling/common are loaded. */
export const accumulatorTag = Symbol.for('kindling.accumulator');

export type AccumulatorRole = 'original' | 'handle' | 'taskCopy';

export abstract class AccumulatorV2<IN, OUT> {
  abstract readonly kind: AccumulatorKind;

  constructor(
    readonly id: number,
    readonly name: string | undefined,
    private readonly role: AccumulatorRole,
  ) {}

  /** True for the driver's original. */
  get isAtDriverSide(): boolean {
    return this.role === 'original';
  }

  add(value: IN): void {
    this.target().addLocal(value);
  }

  get value(): OUT {
    return this.target().localValue();
  }

  get isZero(): boolean {
    return this.target().localIsZero();
  }

  reset(): void {
    this.target().resetLocal();
  }

  /** Internal: a fresh zero copy for one task attempt. */
  newTaskCopy(): AccumulatorV2<IN, OUT> {
    return this.create(this.id, this.name, 'taskCopy');
  }

  /** Internal: a handle revived from a capture marker. */
  newHandle(): AccumulatorV2<IN, OUT> {
    return this.create(this.id, this.name, 'handle');
  }

  /** Internal: the mergeable state of this copy, as plain data (it crosses threads and gRPC). */
  abstract state(): unknown;
  /** Internal: merges a task copy's state into this (the driver's original). */
  abstract mergeState(state: unknown): void;
  /** Internal: replaces this accumulator's state (restoring a checkpoint). */
  abstract setState(state: unknown): void;

  toString(): string {
    return `${this.constructor.name}(id: ${this.id}, name: ${this.name ?? 'None'}, value: ${String(this.value)})`;
  }

  protected abstract create(id: number, name: string | undefined, role: AccumulatorRole): AccumulatorV2<IN, OUT>;
  protected abstract addLocal(value: IN): void;
  protected abstract localValue(): OUT;
  protected abstract localIsZero(): boolean;
  protected abstract resetLocal(): void;

  /** The accumulator a call acts on: see the class comment for the three roles. */
  protected target(): this {
    if (this.role !== 'handle') return this;
    const task = currentTaskAccumulators();
    if (task !== undefined) return task.copyOf(this);
    const original = AccumulatorContext.get(this.id);
    if (original === undefined) {
      throw new IllegalStateError(`Accumulator ${this.id}${this.name === undefined ? '' : ` '${this.name}'`} is not registered in this process: use it inside tasks, or on the driver that created it`);
    }
    return original as this;
  }
}
Object.defineProperty(AccumulatorV2.prototype, accumulatorTag, { value: true });

export function isAccumulator(value: unknown): value is AccumulatorV2<unknown, unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[accumulatorTag] === true;
}

interface SumState {
  readonly sum: number;
  readonly count: number;
}

function checkSumState(state: unknown): SumState {
  const s = state as Partial<SumState> | null;
  if (typeof s?.sum !== 'number' || typeof s.count !== 'number') throw new InvalidArgumentError(`An accumulator update is not a { sum, count } state: ${JSON.stringify(state)}`);
  return s as SumState;
}

/** Sums numbers and counts them (Spark's LongAccumulator; JavaScript numbers are exact to 2^53). */
abstract class SumAccumulator extends AccumulatorV2<number, number> {
  private _sum = 0;
  private _count = 0;

  get sum(): number {
    return this.target()._sum;
  }

  get count(): number {
    return this.target()._count;
  }

  /** sum / count; NaN when nothing was added (Spark's avg). */
  get avg(): number {
    const t = this.target();
    return t._sum / t._count;
  }

  protected addLocal(value: number): void {
    const v = this.checkValue(value);
    this._sum += v;
    this._count++;
  }

  protected localValue(): number {
    return this._sum;
  }

  protected localIsZero(): boolean {
    return this._sum === 0 && this._count === 0;
  }

  protected resetLocal(): void {
    this._sum = 0;
    this._count = 0;
  }

  state(): unknown {
    return { sum: this._sum, count: this._count };
  }

  mergeState(state: unknown): void {
    const s = checkSumState(state);
    this._sum += s.sum;
    this._count += s.count;
  }

  setState(state: unknown): void {
    const s = checkSumState(state);
    this._sum = s.sum;
    this._count = s.count;
  }

  protected abstract checkValue(value: number): number;
}

export class LongAccumulator extends SumAccumulator {
  readonly kind = 'long';

  protected create(id: number, name: string | undefined, role: AccumulatorRole): LongAccumulator {
    return new LongAccumulator(id, name, role);
  }

  protected checkValue(value: number): number {
    if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`LongAccumulator${this.name === undefined ? '' : ` '${this.name}'`}.add expects a safe integer, got ${String(value)}; use a doubleAccumulator for fractions`);
    return value;
  }
}

export class DoubleAccumulator extends SumAccumulator {
  readonly kind = 'double';

  protected create(id: number, name: string | undefined, role: AccumulatorRole): DoubleAccumulator {
    return new DoubleAccumulator(id, name, role);
  }

  protected checkValue(value: number): number {
    if (typeof value !== 'number') throw new InvalidArgumentError(`DoubleAccumulator${this.name === undefined ? '' : ` '${this.name}'`}.add expects a number, got ${typeof value}`);
    return value;
  }
}

/** Collects the values added, in no particular order across tasks (Spark's CollectionAccumulator). */
export class CollectionAccumulator<T> extends AccumulatorV2<T, T[]> {
  readonly kind = 'collection';
  private values: T[] = [];

  protected create(id: number, name: string | undefined, role: AccumulatorRole): CollectionAccumulator<T> {
    return new CollectionAccumulator<T>(id, name, role);
  }

  protected addLocal(value: T): void {
    this.values.push(value);
  }

  /** A copy: the accumulator keeps collecting. */
  protected localValue(): T[] {
    return [...this.values];
  }

  protected localIsZero(): boolean {
    return this.values.length === 0;
  }

  protected resetLocal(): void {
    this.values = [];
  }

  state(): unknown {
    return this.values;
  }

  mergeState(state: unknown): void {
    if (!Array.isArray(state)) throw new InvalidArgumentError('A collection accumulator update is not an array');
    for (const v of state as T[]) this.values.push(v);
  }

  setState(state: unknown): void {
    this.values = [];
    this.mergeState(state);
  }
}

/** Makes a driver-side original of `kind` (a new one, or one restored from a checkpoint). */
export function newAccumulator(kind: AccumulatorKind, id: number, name: string | undefined): AccumulatorV2<unknown, unknown> {
  switch (kind) {
    case 'long':
      return new LongAccumulator(id, name, 'original') as AccumulatorV2<unknown, unknown>;
    case 'double':
      return new DoubleAccumulator(id, name, 'original') as AccumulatorV2<unknown, unknown>;
    case 'collection':
      return new CollectionAccumulator<unknown>(id, name, 'original');
    default: {
      const unknown: never = kind;
      throw new InvalidArgumentError(`Unknown accumulator kind ${String(unknown)}`);
    }
  }
}

/** A handle of `kind` as a task function sees it (revived from a capture marker). */
export function accumulatorHandle(kind: AccumulatorKind, id: number, name: string | undefined): AccumulatorV2<unknown, unknown> {
  return newAccumulator(kind, id, name).newHandle();
}
