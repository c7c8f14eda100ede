/**
 * A broadcast variable (Spark's Broadcast): a read-only value created on the driver
 * with `kc.broadcast(value)`, shipped to each executor once and kept there by id.
 *
 * A Broadcast travels as its id only: `capture({ b }, …)` replaces the handle with a
 * marker (functions/captured-handles.ts), the task payload lists the ids its
 * functions capture, and an executor loads each value (fetched from the driver, see
 * broadcast-registry.ts) before the task starts, so `b.value` is a synchronous read
 * inside tasks. On the driver, `value` is the original.
 */
import { IllegalStateError } from '../errors/index.js';
import { broadcastValue } from './broadcast-registry.js';

/** Symbol.for: the tag holds even if two copies of @kindling/common are loaded. */
export const broadcastTag = Symbol.for('kindling.broadcast');

/** What the driver's BroadcastManager does for a handle it created. */
export interface BroadcastOwner {
  unpersist(id: number): Promise<void>;
  destroy(id: number): Promise<void>;
}

export class Broadcast<T> {
  readonly id: number;
  /** Undefined for a handle revived in a task's function: only the driver unpersists or destroys. */
  readonly #owner: BroadcastOwner | undefined;

  constructor(id: number, owner?: BroadcastOwner) {
    this.id = id;
    this.#owner = owner;
  }

  /** The broadcast value; throws a BroadcastDestroyedError after `destroy()`. */
  get value(): T {
    return broadcastValue(this.id) as T;
  }

  /**
   * Drops the executors' copies; the next task that uses the broadcast fetches it
   * again. The driver keeps the value.
   */
  unpersist(): Promise<void> {
    return this.owner('unpersist').unpersist(this.id);
  }

  /** Removes the value everywhere, driver included: any later use fails with a BroadcastDestroyedError. */
  destroy(): Promise<void> {
    return this.owner('destroy').destroy(this.id);
  }

  toString(): string {
    return `Broadcast(${this.id})`;
  }

  private owner(what: string): BroadcastOwner {
    if (this.#owner === undefined) {
      throw new IllegalStateError(`${this.toString()}.${what}() can only be called on the driver, with the handle kc.broadcast() returned`);
    }
    return this.#owner;
  }
}
Object.defineProperty(Broadcast.prototype, broadcastTag, { value: true });

/** Whether `value` is a Broadcast handle (by tag, not instanceof; see broadcastTag). */
export function isBroadcast(value: unknown): value is Broadcast<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[broadcastTag] === true;
}
