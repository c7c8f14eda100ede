/**
 * An event loop whose handlers may await (the job generator's). Spark's
 * JobGenerator handles GenerateJobs, ClearMetadata and DoCheckpoint one at a time on
 * one thread; here generating a batch awaits I/O (listing a directory, reading a
 * checkpoint), so each handler runs to completion — awaits included — before the
 * next event is taken. That keeps Spark's ordering: a ClearMetadata never runs in the
 * middle of generating a batch that still uses the RDDs it would forget.
 */
import type { Logger } from '@kindling/common';

export abstract class AsyncEventLoop<E extends { readonly type: string }> {
  private readonly queue: E[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  protected constructor(
    readonly name: string,
    protected readonly logger: Logger,
  ) {}

  post(event: E): void {
    if (this.stopped) {
      this.logger.debug({ loop: this.name, event: event.type }, 'event loop stopped; dropping event');
      return;
    }
    this.queue.push(event);
    this.running ??= this.drain();
  }

  /** Refuses new events; resolves when the handler in progress (if any) has finished. Queued events are dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await this.running;
  }

  /** Resolves once every event posted so far has been handled. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  protected abstract onReceive(event: E): Promise<void>;

  protected abstract onError(error: unknown, event: E): void;

  private async drain(): Promise<void> {
    try {
      for (let event = this.queue.shift(); event !== undefined; event = this.queue.shift()) {
        try {
          await this.onReceive(event);
        } catch (error) {
          try {
            this.onError(error, event);
          } catch (secondary) {
            this.logger.error({ loop: this.name, err: secondary }, 'event loop error handler failed');
          }
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
