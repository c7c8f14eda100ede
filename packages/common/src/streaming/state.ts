/**
 * The state of one key in `mapWithState` (Spark's State and StateImpl): the mapping
 * function reads it with `exists()` / `get()`, changes it with `update(s)` or
 * `remove()`, and learns from `isTimingOut()` that it is being called one last time
 * for a key that was idle longer than the spec's timeout. Misuse fails with Spark's
 * messages: a state that is timing out is about to be dropped, so it can be neither
 * updated nor removed.
 */
import { IllegalStateError } from '../errors/index.js';

export interface State<S> {
  /** Whether the key has a state (before any update or remove in this call, whether it had one). */
  exists(): boolean;
  /** The state; throws "State is not set" when there is none (check `exists()` first). */
  get(): S;
  /** Sets the key's new state; not allowed once removed or while timing out. */
  update(newState: S): void;
  /** Drops the key's state; not allowed while timing out or twice. */
  remove(): void;
  /** True in the one call made for a key that timed out (its value is undefined then). */
  isTimingOut(): boolean;
  /** The state, or undefined when there is none (Spark's getOption). */
  getOption(): S | undefined;
}

/**
 * One instance is reused for every record of a partition (as Spark's StateImpl is):
 * `wrap` resets it for the next key, so the per-record path allocates nothing here.
 */
export class StateImpl<S> implements State<S> {
  private state: S | undefined = undefined;
  private defined = false;
  private timingOut = false;
  private updated = false;
  private removed = false;

  exists(): boolean {
    return this.defined;
  }

  get(): S {
    if (!this.defined) throw new IllegalStateError('State is not set');
    return this.state as S;
  }

  getOption(): S | undefined {
    return this.defined ? this.state : undefined;
  }

  update(newState: S): void {
    if (this.removed) throw new IllegalStateError('Cannot update the state after it has been removed');
    if (this.timingOut) throw new IllegalStateError('Cannot update the state that is timing out');
    this.state = newState;
    this.defined = true;
    this.updated = true;
  }

  isTimingOut(): boolean {
    return this.timingOut;
  }

  remove(): void {
    if (this.timingOut) throw new IllegalStateError('Cannot remove the state that is timing out');
    if (this.removed) throw new IllegalStateError('Cannot remove the state that has already been removed');
    this.state = undefined;
    this.defined = false;
    this.updated = false;
    this.removed = true;
  }

  /** Internal: whether the mapping function removed the state. */
  isRemoved(): boolean {
    return this.removed;
  }

  /** Internal: whether the mapping function set a new state. */
  isUpdated(): boolean {
    return this.updated;
  }

  /** Internal: prepares the state for the next key's call (`defined` false when the key has no state). */
  wrap(defined: boolean, state: S | undefined): void {
    this.state = state;
    this.defined = defined;
    this.timingOut = false;
    this.updated = false;
    this.removed = false;
  }

  /** Internal: prepares the state for the last call of a key that timed out. */
  wrapTimingOut(state: S): void {
    this.state = state;
    this.defined = true;
    this.timingOut = true;
    this.updated = false;
    this.removed = false;
  }

  toString(): string {
    return this.defined ? String(this.state) : '<state not set>';
  }
}
