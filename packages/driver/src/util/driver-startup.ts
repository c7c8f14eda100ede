/**
 * Where a driver's start goes, phase by phase (issue 10: a restarted driver's
 * recovery time is the sum of these). Each phase is logged at debug level as it
 * ends; a StreamingContext restarted from a checkpoint logs them all in one info
 * line when its first batch completes, which is what `kindling drill driver-kill`
 * reads to report per-phase figures.
 *
 * One timeline per process: a process runs one driver. It starts when the process
 * does (performance.now() counts from there), or, in a warm standby driver, when
 * it takes over: the time it spent waiting before that is no part of a recovery.
 */
import type { Logger } from '@kindling/common';

export interface StartupPhase {
  readonly phase: string;
  readonly ms: number;
}

class DriverStartup {
  private last = 0;
  private startedAt = 0;
  private readonly marked: StartupPhase[] = [];
  private readonly runningCallbacks: Array<() => void> = [];
  private running = false;

  /** Wall-clock time (epoch ms) the timeline starts at: process start, or a standby's takeover. */
  get startEpochMs(): number {
    return performance.timeOrigin + this.startedAt;
  }

  get phases(): readonly StartupPhase[] {
    return this.marked;
  }

  /** Ends the current phase, named `phase`, and logs how long it took. */
  mark(phase: string, logger?: Logger): void {
    const now = performance.now();
    const ms = Math.round(now - this.last);
    this.last = now;
    this.marked.push({ phase, ms });
    logger?.debug({ phase, ms, sinceStartMs: Math.round(now - this.startedAt) }, `Driver start: ${phase} took ${ms} ms`);
  }

  /**
   * How this driver started: `cold` (a new process), or a standby that took over
   * `warm` (executors started and warmed up) or still `preparing`.
   */
  start: 'cold' | 'warm' | 'preparing' = 'cold';

  /**
   * A warm standby driver takes over: its timeline starts now. Returns what it had
   * prepared before (`phase=ms` pairs), for the log.
   */
  takeOver(ready: boolean, logger?: Logger): string {
    this.mark('standby-wait', logger);
    const prepared = this.describe();
    this.marked.length = 0;
    this.startedAt = this.last;
    this.start = ready ? 'warm' : 'preparing';
    return prepared;
  }

  /** The driver does its job (a streaming driver: its first batch completed); runs the callbacks once. */
  markRunning(): void {
    if (this.running) return;
    this.running = true;
    for (const callback of this.runningCallbacks.splice(0)) callback();
  }

  onRunning(callback: () => void): void {
    if (this.running) callback();
    else this.runningCallbacks.push(callback);
  }

  /** `phase=ms` pairs for one log line. */
  describe(): string {
    return this.marked.map((p) => `${p.phase}=${p.ms}`).join(' ');
  }
}

export const driverStartup = new DriverStartup();
