/**
 * The browser user of browser-user.ts (same protocol, same tabs), driven through
 * playwright as the browser tests drive Chromium: the probe
 * (ui-browser-cpu.bench.ts) runs both, to show what playwright's DevTools client
 * costs the browser and its own process, a cost no user's browser has.
 *
 * Protocol, one line each way:
 *   open <ms> <n> <url>…       opens a tab on each of the first <n> urls and waits for
 *                              its first update; with <ms> > 0 one more tab walks
 *                              through the other urls, the next every <ms> (a user
 *                              going through the pages)  → "ok"
 *   blank                      opens a tab on about:blank  → "ok"
 *   static <url>               opens a tab on <url> with JavaScript off: the page as a
 *                              document, with no polling  → "ok"
 *   mark                       the tabs' counters count from now on  → "ok"
 *   close                      closes the tabs → {"updates":N,"errors":[…],"visited":N,"tabs":[…]}
 *                              where each tab says its name (its first page, or
 *                              "walker") and Chromium's counters of the work its
 *                              renderer did while open (chromium-counters.ts)
 *   exit                       closes the browser and exits
 */
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { HeadlessChromium, findChromium } from './chromium.js';
import { PageCounters } from './chromium-counters.js';
import type { CloseReport, TabReport } from './browser-user.js';

interface Tab {
  readonly name: string;
  readonly page: Page;
  readonly errors: string[];
  readonly counters: PageCounters;
}

const updatesOf = async (page: Page): Promise<number> => Number((await page.getAttribute('body', 'data-updates')) ?? '0');

async function main(): Promise<void> {
  const chromium = findChromium();
  if ('skip' in chromium) {
    process.stdout.write(`skip ${chromium.skip}\n`);
    return;
  }
  const browser = await HeadlessChromium.launch(chromium.path);
  process.stdout.write('ready\n');
  let tabs: Tab[] = [];
  let walker: { timer: NodeJS.Timeout; updates: number; visited: number; busy: Promise<void> } | undefined;
  const open = async (url: string, name = new URL(url).pathname.replace(/\//g, '') || 'jobs', live = true): Promise<Tab> => {
    const { page, errors } = await browser.newPage({ javaScript: live });
    const counters = await PageCounters.attach(page);
    await page.goto(url);
    if (live) await page.waitForFunction("Number(document.body.dataset.updates ?? '0') >= 1", undefined, { timeout: 30_000, polling: 100 });
    return { name, page, errors, counters };
  };
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, ...args] = line.trim().split(/\s+/);
    if (command === 'open') {
      const walkMs = Number(args[0]);
      const fixedCount = Number(args[1]);
      const urls = args.slice(2);
      for (const url of urls.slice(0, fixedCount)) tabs.push(await open(url));
      const route = urls.slice(fixedCount);
      if (walkMs > 0 && route.length > 0) {
        const tab = await open(route[0]!, 'walker');
        tabs.push(tab);
        let next = 1;
        const w = { timer: undefined as unknown as NodeJS.Timeout, updates: 0, visited: 1, busy: Promise.resolve() };
        w.timer = setInterval(() => {
          w.busy = w.busy.then(async () => {
            w.updates += await updatesOf(tab.page);
            // Read before leaving the page: a new document may restart the counters.
            await tab.counters.sample();
            await tab.page.goto(route[next++ % route.length]!);
            w.visited++;
          }).catch((error: unknown) => void tab.errors.push(`walk: ${String(error)}`));
        }, walkMs);
        walker = w;
      }
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
        updates += await updatesOf(tab.page).catch(() => 0);
        reports.push({ name: tab.name, counters: { ...(await tab.counters.sample()) } });
      }
      const errors = tabs.flatMap((t) => t.errors);
      for (const tab of tabs) await tab.page.close();
      tabs = [];
      const report: CloseReport = { updates, errors, visited, tabs: reports };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (command === 'exit') {
      break;
    }
  }
  await browser.close();
}

await main();
