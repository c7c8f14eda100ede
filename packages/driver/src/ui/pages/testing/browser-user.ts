/**
 * A user's browser for the ui-cost benches, in a process of its own: headless
 * Chromium told over stdin which pages to keep open. The bench's process is the
 * driver whose cost is measured; a browser is not on its event loop.
 *
 * Chromium is driven through bare-chromium.ts (the DevTools protocol over a pipe,
 * nothing subscribed but console errors), not playwright: a user's browser has no
 * DevTools client, and playwright's (an event per request and lifecycle step,
 * scripts injected into every document) cost the browser and this process CPU
 * that the bench counted as the pages'. playwright-browser-user.ts is the same user
 * through playwright, which the probe (ui-browser-cpu.bench.ts) compares.
 *
 * Protocol, one line each way:
 *   open <ms> <n> <url>…       opens a tab on each of the first <n> urls and waits for
 *                              its first update; with <ms> > 0 one more tab walks
 *                              through the other urls, the next every <ms> (a user
 *                              going through the pages), by clicking the nav bar's
 *                              link to it (a full load when there is none)  → "ok"
 *   open-by-url <ms> <n> <url>…  the same, the walker loading each url as typed  → "ok"
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
import { setTimeout as sleep } from 'node:timers/promises';
import { BareChromium } from './bare-chromium.js';
import { findChromium } from './chromium.js';
import { PageCounters, type Counters } from './chromium-counters.js';

interface Tab {
  readonly name: string;
  readonly sessionId: string;
  readonly targetId: string;
  readonly errors: string[];
  readonly counters: PageCounters;
}

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

const UPDATES = "Number(document.body?.dataset.updates ?? '0')";

/** An expression that clicks the nav bar's link to `url`'s page, or loads `url` when the page has none. */
function clickNavLink(url: string): string {
  const path = JSON.stringify(new URL(url).pathname);
  return `(() => {
    const a = [...document.querySelectorAll('header nav a')].find((a) => new URL(a.href).pathname === ${path});
    if (a === undefined) location.assign(${JSON.stringify(url)}); else a.click();
  })()`;
}

async function main(): Promise<void> {
  const chromium = findChromium();
  if ('skip' in chromium) {
    process.stdout.write(`skip ${chromium.skip}\n`);
    return;
  }
  const browser = BareChromium.launch(chromium.path);
  // The pipe answers once the browser is up.
  await browser.send('Browser.getVersion');
  const errorsBySession = new Map<string, string[]>();
  const errorOf = (sessionId: string | undefined, text: string): void => void (sessionId === undefined ? undefined : errorsBySession.get(sessionId)?.push(text));
  browser.on('Runtime.consoleAPICalled', (p, s) => {
    if (p['type'] === 'error') errorOf(s, `console: ${(p['args'] as { value?: unknown; description?: string }[]).map((a) => String(a.value ?? a.description ?? '')).join(' ')}`);
  });
  browser.on('Runtime.exceptionThrown', (p, s) => errorOf(s, `page error: ${String((p['exceptionDetails'] as { exception?: { description?: string }; text?: string }).exception?.description ?? '')}`));
  // "Failed to load resource" (a 404, a refused connection) is a Log entry, not a console call.
  browser.on('Log.entryAdded', (p, s) => {
    const entry = p['entry'] as { level: string; text: string; url?: string };
    if (entry.level === 'error') errorOf(s, `console: ${entry.text}${entry.url === undefined ? '' : ` (${entry.url})`}`);
  });
  process.stdout.write('ready\n');

  let tabs: Tab[] = [];
  let walker: { timer: NodeJS.Timeout; updates: number; visited: number; busy: Promise<void> } | undefined;
  const waitFor = async (sessionId: string, expression: string, what: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while ((await browser.evaluate(sessionId, expression)) !== true) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };
  const open = async (url: string, name = new URL(url).pathname.replace(/\//g, '') || 'jobs', live = true): Promise<Tab> => {
    const { sessionId, targetId } = await browser.newTab();
    const errors: string[] = [];
    errorsBySession.set(sessionId, errors);
    await browser.send('Runtime.enable', {}, sessionId);
    await browser.send('Log.enable', {}, sessionId);
    await browser.send('Performance.enable', {}, sessionId);
    if (!live) await browser.send('Emulation.setScriptExecutionDisabled', { value: true }, sessionId);
    const counters = await PageCounters.over(async () => ((await browser.send('Performance.getMetrics', {}, sessionId)) as { metrics: { name: string; value: number }[] }).metrics);
    await browser.send('Page.navigate', { url }, sessionId);
    await waitFor(sessionId, live ? `${UPDATES} >= 1` : "document.readyState === 'complete'", `${url} to load`);
    return { name, sessionId, targetId, errors, counters };
  };
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
        const w = { timer: undefined as unknown as NodeJS.Timeout, updates: 0, visited: 1, busy: Promise.resolve() };
        w.timer = setInterval(() => {
          w.busy = w.busy.then(async () => {
            w.updates += Number(await browser.evaluate(tab.sessionId, UPDATES));
            // Read before leaving the page: a new document may restart the counters.
            await tab.counters.sample();
            // Not waited for: a user clicks on and looks; the next step is 5 s away.
            const url = route[next++ % route.length]!;
            if (byUrl) await browser.send('Page.navigate', { url }, tab.sessionId);
            else await browser.evaluate(tab.sessionId, clickNavLink(url));
            w.visited++;
          }).catch((error: unknown) => void tab.errors.push(`walk: ${String(error)}`));
        }, walkMs);
        walker = w;
      }
      // Every tab must be shown: a hidden page does not poll, and would hide its cost.
      for (const tab of tabs) {
        const state = await browser.evaluate(tab.sessionId, 'document.visibilityState');
        if (state !== 'visible') throw new Error(`the ${tab.name} tab is ${String(state)}: it would not poll`);
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
        updates += Number(await browser.evaluate(tab.sessionId, UPDATES).catch(() => 0));
        reports.push({ name: tab.name, counters: { ...(await tab.counters.sample()) } });
      }
      const errors = tabs.flatMap((t) => t.errors);
      for (const tab of tabs) {
        await browser.send('Target.closeTarget', { targetId: tab.targetId });
        errorsBySession.delete(tab.sessionId);
      }
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
