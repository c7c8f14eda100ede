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
 * The protocol it answers is browser-user-protocol.ts's.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BareChromium } from './bare-chromium.js';
import { serveBrowserUser, type UserTab } from './browser-user-protocol.js';
import { findChromium } from './chromium.js';
import { PageCounters } from './chromium-counters.js';

interface Tab extends UserTab {
  readonly sessionId: string;
  readonly targetId: string;
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
  const waitFor = async (sessionId: string, expression: string, what: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while ((await browser.evaluate(sessionId, expression)) !== true) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };
  const open = async (url: string, name: string, live: boolean): Promise<Tab> => {
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
  await serveBrowserUser<Tab>({
    open,
    updates: async (tab) => Number(await browser.evaluate(tab.sessionId, UPDATES)),
    // Not waited for: a user clicks on and looks; the next step is 5 s away.
    walk: async (tab, url, byUrl) => {
      if (byUrl) await browser.send('Page.navigate', { url }, tab.sessionId);
      else await browser.evaluate(tab.sessionId, clickNavLink(url));
    },
    // Every tab must be shown: a hidden page does not poll, and would hide its cost.
    checkOpened: async (tabs) => {
      for (const tab of tabs) {
        const state = await browser.evaluate(tab.sessionId, 'document.visibilityState');
        if (state !== 'visible') throw new Error(`the ${tab.name} tab is ${String(state)}: it would not poll`);
      }
    },
    // Its window minimised: the page is hidden and stops polling (live.ts), as
    // behind another window, and polls at once when shown again. (Chromium's page
    // freeze, Page.setWebLifecycleState, was tried first: in one trial through this
    // pipe the page stopped polling after its third thaw; twelve freeze-thaw cycles
    // through playwright did not show it again. Hiding uses the pages' own path.)
    hide: async (tab, hidden) => {
      const { windowId } = (await browser.send('Browser.getWindowForTarget', { targetId: tab.targetId })) as { windowId: number };
      await browser.send('Browser.setWindowBounds', { windowId, bounds: { windowState: hidden ? 'minimized' : 'normal' } });
      const want = hidden ? 'hidden' : 'visible';
      const deadline = Date.now() + 5_000;
      while ((await browser.evaluate(tab.sessionId, 'document.visibilityState')) !== want) {
        if (Date.now() > deadline) throw new Error(`the ${tab.name} tab did not become ${want}`);
        await sleep(50);
      }
    },
    closeTab: async (tab) => {
      await browser.send('Target.closeTarget', { targetId: tab.targetId });
      errorsBySession.delete(tab.sessionId);
    },
    close: () => browser.close(),
  });
}

await main();
