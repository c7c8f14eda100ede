/**
 * The browser user of browser-user.ts (same protocol, same tabs), driven through
 * playwright as the browser tests drive Chromium: the probe
 * (ui-browser-cpu.bench.ts) runs both, to show what playwright's DevTools client
 * costs the browser and its own process, a cost no user's browser has.
 *
 * The protocol is browser-user-protocol.ts's; the walker always loads each url as
 * typed (playwright's page.goto), as it did when the probe measured it.
 */
import type { Page } from 'playwright-core';
import { serveBrowserUser, type UserTab } from './browser-user-protocol.js';
import { HeadlessChromium, findChromium } from './chromium.js';
import { PageCounters } from './chromium-counters.js';

interface Tab extends UserTab {
  readonly page: Page;
}

const updatesOf = async (tab: Tab): Promise<number> => Number((await tab.page.getAttribute('body', 'data-updates')) ?? '0');

async function main(): Promise<void> {
  const chromium = findChromium();
  if ('skip' in chromium) {
    process.stdout.write(`skip ${chromium.skip}\n`);
    return;
  }
  const browser = await HeadlessChromium.launch(chromium.path);
  await serveBrowserUser<Tab>({
    open: async (url, name, live) => {
      const { page, errors } = await browser.newPage({ javaScript: live });
      const counters = await PageCounters.attach(page);
      await page.goto(url);
      if (live) await page.waitForFunction("Number(document.body.dataset.updates ?? '0') >= 1", undefined, { timeout: 30_000, polling: 100 });
      return { name, page, errors, counters };
    },
    updates: updatesOf,
    walk: async (tab, url) => void (await tab.page.goto(url)),
    closeTab: (tab) => tab.page.close(),
    close: () => browser.close(),
  });
}

await main();
