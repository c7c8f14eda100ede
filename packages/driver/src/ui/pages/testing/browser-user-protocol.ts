/**
 * The line protocol of the ui-cost benches' browser user (browser-user.ts, and
 * playwright-browser-user.ts which the probe compares with it), served over
 * stdin/stdout in the browser user's own process. What differs between the two is
 * only how a tab is opened, read, walked and closed: a `TabDriver`.
 *
 * Protocol, one line each way:
 *   open <ms> <n> <url>…       opens a tab on each of the first <n> urls and waits for
 *                              its first update; with <ms> > 0 one more tab walks
 *                              through the other urls, the next every <ms> (a user
 *                              going through the pages), by clicking the nav bar's
 *                              link to it where the driver can (a full load when
 *                              there is none)  → "ok"
 *   open-by-url <ms> <n> <url>…  the same, the walker loading each url as typed  → "ok"
 *   blank                      opens a tab on about:blank  → "ok"
 *   static <url>               opens a tab on <url> with JavaScript off: the page as a
 *                              document, with no polling  → "ok"
 *   mark                       the tabs' counters count from now on  → "ok"
 *   pause                      hides every tab (a hidden page does not poll or draw;
 *                              it stays open, as behind another window) and stops
 *                              the walker  → "ok"
 *   resume                     shows them again and restarts the walker  → "ok"
 *   close                      closes the tabs → {"updates":N,"errors":[…],"visited":N,"tabs":[…]}
 *                              where each tab says its name (its first page, or
 *                              "walker") and Chromium's counters of the work its
 *                              renderer did while open (chromium-counters.ts)
 *   exit                       closes the browser and exits
 */
import { createInterface } from 'node:readline';
import type { Counters, PageCounters } from './chromium-counters.js';

export interface TabReport {
  readonly name: string;
  /** Seconds of the tab's renderer main thread, by Chromium's counters. */
  readonly counters: Counters;
}

export interface CloseReport {
  readonly updates: number;
  readonly visited: number;
  readonly errors: readonly string[];
  readonly tabs: readonly TabReport[];
}

export interface UserTab {
  readonly name: string;
  readonly errors: string[];
  readonly counters: PageCounters;
}

/** How one browser user opens, reads, walks and closes its tabs. */
export interface TabDriver<T extends UserTab> {
  /** A new tab on `url`, once it has updated once (`live`) or loaded (JavaScript off). */
  open(url: string, name: string, live: boolean): Promise<T>;
  /** The page's count of live updates (body data-updates). */
  updates(tab: T): Promise<number>;
  /** Takes the tab to `url`: as typed when `byUrl`, else by the nav bar where the driver can. */
  walk(tab: T, url: string, byUrl: boolean): Promise<void>;
  /** Hides a tab (it stops polling; its page stays) or shows it again. */
  hide?(tab: T, hidden: boolean): Promise<void>;
  /** Checks the tabs just opened, before "ok" (a tab that would not poll must fail the bench). */
  checkOpened?(tabs: readonly T[]): Promise<void>;
  closeTab(tab: T): Promise<void>;
  close(): Promise<void>;
}

interface Walker {
  timer: NodeJS.Timeout | undefined;
  start: () => void;
  updates: number;
  visited: number;
  busy: Promise<void>;
}

/** Answers the protocol's lines from stdin until "exit" (or the end of stdin), then closes the browser. */
export async function serveBrowserUser<T extends UserTab>(driver: TabDriver<T>): Promise<void> {
  process.stdout.write('ready\n');
  let tabs: T[] = [];
  let walker: Walker | undefined;
  const open = (url: string, name = new URL(url).pathname.replace(/\//g, '') || 'jobs', live = true): Promise<T> => driver.open(url, name, live);
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, ...args] = line.trim().split(/\s+/);
    if (command === 'open' || command === 'open-by-url') {
      const byUrl = command === 'open-by-url';
      const walkMs = Number(args[0]);
      const fixedCount = Number(args[1]);
      const urls = args.slice(2);
      for (const url of urls.slice(0, fixedCount)) tabs.push(await open(url));
      const route = urls.slice(fixedCount);
      if (walkMs > 0 && route.length > 0) {
        const tab = await open(route[0]!, 'walker');
        tabs.push(tab);
        let next = 1;
        const w: Walker = { timer: undefined, updates: 0, visited: 1, busy: Promise.resolve(), start: () => undefined };
        w.start = () => {
          w.timer = setInterval(() => {
            w.busy = w.busy.then(async () => {
              w.updates += await driver.updates(tab);
              // Read before leaving the page: a new document may restart the counters.
              await tab.counters.sample();
              await driver.walk(tab, route[next++ % route.length]!, byUrl);
              w.visited++;
            }).catch((error: unknown) => void tab.errors.push(`walk: ${String(error)}`));
          }, walkMs);
        };
        w.start();
        walker = w;
      }
      await driver.checkOpened?.(tabs);
      process.stdout.write('ok\n');
    } else if (command === 'blank') {
      tabs.push(await open('about:blank', 'blank', false));
      process.stdout.write('ok\n');
    } else if (command === 'static') {
      tabs.push(await open(args[0]!, 'static', false));
      process.stdout.write('ok\n');
    } else if (command === 'mark') {
      for (const tab of tabs) await tab.counters.restart();
      process.stdout.write('ok\n');
    } else if (command === 'pause' || command === 'resume') {
      const hidden = command === 'pause';
      if (driver.hide === undefined) {
        process.stdout.write(`this browser user cannot ${command}\n`);
        continue;
      }
      if (walker !== undefined && hidden) {
        clearInterval(walker.timer);
        walker.timer = undefined;
        await walker.busy;
      }
      for (const tab of tabs) await driver.hide(tab, hidden);
      if (walker !== undefined && !hidden && walker.timer === undefined) walker.start();
      process.stdout.write('ok\n');
    } else if (command === 'close') {
      let updates = 0;
      let visited = 0;
      if (walker !== undefined) {
        clearInterval(walker.timer);
        await walker.busy;
        updates += walker.updates;
        visited = walker.visited;
        walker = undefined;
      }
      const reports: TabReport[] = [];
      for (const tab of tabs) {
        updates += await driver.updates(tab).catch(() => 0);
        reports.push({ name: tab.name, counters: { ...(await tab.counters.sample()) } });
      }
      const errors = tabs.flatMap((t) => t.errors);
      for (const tab of tabs) await driver.closeTab(tab);
      tabs = [];
      const report: CloseReport = { updates, errors, visited, tabs: reports };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (command === 'exit') {
      break;
    }
  }
  await driver.close();
}
