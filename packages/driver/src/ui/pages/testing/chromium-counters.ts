/**
 * Chromium's own counters of the work a page's renderer did (DevTools
 * `Performance.getMetrics`): main-thread task time, and how much of it went to
 * script, layout and style recalculation. The ui-cost bench prints them per tab, so
 * a page that costs the browser too much shows which part of its update to cut.
 */
import type { CDPSession, Page } from 'playwright-core';

export const COUNTER_NAMES = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
/** Seconds of renderer main-thread time, by counter. */
export type Counters = Record<CounterName, number>;

export function zeroCounters(): Counters {
  return { TaskDuration: 0, ScriptDuration: 0, LayoutDuration: 0, RecalcStyleDuration: 0 };
}

/**
 * Accumulates a page's counters across readings. A counter that went down was reset
 * (a navigation to a new renderer document), so its new value is all new work.
 */
export class PageCounters {
  private last = zeroCounters();
  readonly total = zeroCounters();

  private constructor(private readonly getMetrics: () => Promise<readonly { name: string; value: number }[]>) {}

  /** Through playwright's DevTools session of `page`. */
  static async attach(page: Page): Promise<PageCounters> {
    const session: CDPSession = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    return PageCounters.over(async () => (await session.send('Performance.getMetrics')).metrics);
  }

  /** Through any DevTools client: `getMetrics` sends Performance.getMetrics (Performance enabled) and gives its metrics. */
  static async over(getMetrics: () => Promise<readonly { name: string; value: number }[]>): Promise<PageCounters> {
    const counters = new PageCounters(getMetrics);
    counters.last = await counters.read();
    return counters;
  }

  private async read(): Promise<Counters> {
    const metrics = await this.getMetrics();
    const c = zeroCounters();
    for (const m of metrics) if ((COUNTER_NAMES as readonly string[]).includes(m.name)) c[m.name as CounterName] = m.value;
    return c;
  }

  /** Counts from now on: what the page did before (its load) is left out. */
  async restart(): Promise<void> {
    await this.sample();
    for (const name of COUNTER_NAMES) this.total[name] = 0;
  }

  /** Reads the counters now and adds what they grew by since the last reading. */
  async sample(): Promise<Counters> {
    const now = await this.read();
    for (const name of COUNTER_NAMES) {
      const before = this.last[name];
      this.total[name] += now[name] >= before ? now[name] - before : now[name];
    }
    this.last = now;
    return this.total;
  }
}
