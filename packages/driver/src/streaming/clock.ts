/**
 * Where streaming reads the time (Spark's util.Clock). The job generator's timer
 * waits on it, so tests swap in a ManualClock (`kindling.streaming.clock=manual`)
 * and advance it batch by batch: batches are then deterministic, with no sleeps.
 */
export interface Clock {
  now(): number;
  /** Resolves once `now() >= time` (at once if it already is); rejects if `signal` aborts. */
  waitUntil(time: number, signal: AbortSignal): Promise<void>;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  waitUntil(time: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      // setTimeout may fire a millisecond early; re-arm until the clock agrees.
      const arm = (): void => {
        const delay = time - Date.now();
        if (delay <= 0) {
          signal.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(arm, delay);
      };
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      };
      let timer: NodeJS.Timeout | undefined;
      signal.addEventListener('abort', onAbort, { once: true });
      arm();
    });
  }
}

/** A clock that moves only when told to (Spark's ManualClock), for deterministic tests. */
export class ManualClock implements Clock {
  private time: number;
  private waiters: Array<{ time: number; resolve: () => void }> = [];

  constructor(startTime = 0) {
    this.time = startTime;
  }

  now(): number {
    return this.time;
  }

  setTime(time: number): void {
    this.time = time;
    this.release();
  }

  advance(ms: number): void {
    this.setTime(this.time + ms);
  }

  waitUntil(time: number, signal: AbortSignal): Promise<void> {
    if (this.time >= time) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal.reason as Error);
      };
      // The listener goes with the waiter: the timer waits on one signal every batch,
      // and listeners left behind piled up (MaxListenersExceededWarning after 10 batches).
      const waiter = {
        time,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.waiters.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    const due = this.waiters.filter((w) => w.time <= this.time);
    this.waiters = this.waiters.filter((w) => w.time > this.time);
    for (const w of due) w.resolve();
  }
}
