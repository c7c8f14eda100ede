/**
 * A single-threaded event loop (Spark's EventLoop): events are queued by `post()` and
 * handled one at a time, in order, by a synchronous `onReceive`. Handlers never
 * await, so no two handlers' state changes can interleave — the guarantee the
 * schedulers' state (stageIdToStage, runningStages…) relies on. Work that needs I/O
 * is started by a handler and posts a new event when it completes.
 *
 * The queue is drained from a microtask, so a post() made inside a handler runs
 * after the current handler returns, never inside it (no reentrancy).
 */
import type { Logger } from '@kindling/common';

export abstract class EventLoop<E extends { readonly type: string }> {
  private readonly queue: E[] = [];
  private head = 0;
  private drainScheduled = false;
  private stopped = false;

  protected constructor(
    readonly name: string,
    protected readonly logger: Logger,
  ) {}

  /** Queues an event; dropped (with a debug line) once the loop is stopped. */
  post(event: E): void {
    if (this.stopped) {
      this.logger.debug({ loop: this.name, event: event.type }, 'event loop stopped; dropping event');
      return;
    }
    this.queue.push(event);
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      queueMicrotask(() => this.drain());
    }
  }

  /** Drops queued events and refuses new ones; `onStop` runs once. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.length = 0;
    this.head = 0;
    this.onStop();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  protected abstract onReceive(event: E): void;

  /** A handler threw: the scheduler's state may be inconsistent, so subclasses fail what depends on it. */
  protected abstract onError(error: unknown, event: E): void;

  protected onStop(): void {}

  private drain(): void {
    while (this.head < this.queue.length && !this.stopped) {
      const event = this.queue[this.head++] as E;
      try {
        this.onReceive(event);
      } catch (error) {
        try {
          this.onError(error, event);
        } catch (secondary) {
          this.logger.error({ loop: this.name, err: secondary }, 'event loop error handler failed');
        }
      }
    }
    // Compact instead of shift() per event, which is O(n) on large queues.
    this.queue.splice(0, this.head);
    this.head = 0;
    this.drainScheduled = false;
  }
}
