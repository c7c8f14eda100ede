/**
 * A user's browser for the ui-cost bench, in a process of its own: headless
 * Chromium driven by playwright-core, told over stdin which pages to keep open.
 * The bench's process is the driver whose cost is measured; playwright's client,
 * which decodes every DevTools message of every request the pages make, would
 * otherwise run on the driver's event loop, a cost no real user's browser puts
 * there.
 *
 * Protocol, one line each way:
 *   open <ms> <url> [<url>…]   opens a tab on each url and waits for its first update;
 *                              with <ms> > 0 the last tab walks to the next url every
 *                              <ms> instead (a user going through the pages)  → "ok"
 *   close                      closes the tabs → {"updates":N,"errors":[…],"visited":N}
 *   exit                       closes the browser and exits
 */
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { HeadlessChromium, findChromium } from './chromium.js';

interface Tab {
  readonly page: Page;
  readonly errors: string[];
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
  const open = async (url: string): Promise<Tab> => {
    const tab = await browser.newPage();
    await tab.page.goto(url);
    await tab.page.waitForFunction("Number(document.body.dataset.updates ?? '0') >= 1", undefined, { timeout: 30_000, polling: 100 });
    return tab;
  };
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, ...args] = line.trim().split(/\s+/);
    if (command === 'open') {
      const walkMs = Number(args[0]);
      const urls = args.slice(1);
      const fixed = walkMs > 0 ? urls.slice(0, 1) : urls;
      for (const url of fixed) tabs.push(await open(url));
      if (walkMs > 0) {
        const route = urls.slice(1);
        const tab = await open(route[0]!);
        tabs.push(tab);
        let next = 1;
        const w = { timer: undefined as unknown as NodeJS.Timeout, updates: 0, visited: 1, busy: Promise.resolve() };
        w.timer = setInterval(() => {
          w.busy = w.busy.then(async () => {
            w.updates += await updatesOf(tab.page);
            await tab.page.goto(route[next++ % route.length]!);
            w.visited++;
          }).catch((error: unknown) => void tab.errors.push(`walk: ${String(error)}`));
        }, walkMs);
        walker = w;
      }
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
      for (const tab of tabs) updates += await updatesOf(tab.page).catch(() => 0);
      const errors = tabs.flatMap((t) => t.errors);
      for (const tab of tabs) await tab.page.close();
      tabs = [];
      process.stdout.write(`${JSON.stringify({ updates, errors, visited })}\n`);
    } else if (command === 'exit') {
      break;
    }
  }
  await browser.close();
}

await main();
