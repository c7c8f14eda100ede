/**
 * Calls `callback(time)` at every multiple of `period` on `clock` (Spark's
 * RecurringTimer), starting at `startTime`. A callback that runs late does not
 * shift the schedule: the next call is for the next boundary, and boundaries missed
 * while the process was stalled are each still called, in order, so no batch time
 * is skipped.
 */
import type { Clock } from './clock.js';

export class RecurringTimer {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private nextTime = 0;

  constructor(
    private readonly clock: Clock,
    private readonly period: number,
    private readonly callback: (time: number) => void,
    readonly name: string,
  ) {}

  /** The first boundary strictly after now: where a fresh timer starts. */
  startTimeAfter(now: number): number {
    return (Math.floor(now / this.period) + 1) * this.period;
  }

  start(startTime: number): void {
    this.nextTime = startTime;
    this.loop = this.run();
  }

  /** Stops calling back; resolves with the last time called (or the start time minus a period). */
  async stop(): Promise<number> {
    this.abort.abort(new Error(`${this.name} stopped`));
    await this.loop?.catch(() => undefined);
    return this.nextTime - this.period;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      await this.clock.waitUntil(this.nextTime, signal);
      if (signal.aborted) return;
      this.callback(this.nextTime);
      this.nextTime += this.period;
    }
  }
}
