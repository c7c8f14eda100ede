/**
 * Visiting a UI page in the browser tests: open it, wait until its live updates have
 * drawn it from the REST API (the page counts its updates in body[data-updates]),
 * and, when KINDLING_UI_SCREENSHOTS names a directory, save a screenshot there
 * (`scripts/ui-screenshots.mjs` runs the tests so to refresh docs/images/).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HeadlessChromium } from './chromium.js';

export interface Visit {
  readonly page: Page;
  /** Console and page errors so far; the tests assert it stays empty. */
  readonly errors: string[];
}

// The expressions below run in the page; they are strings because this package is
// compiled for Node, without the DOM's types.

/** How many times the page has updated from the REST API. */
export async function updates(page: Page): Promise<number> {
  return Number((await page.getAttribute('body', 'data-updates')) ?? '0');
}

/** Waits until the page has updated `count` times (each update reads the REST API and redraws). */
export async function waitForUpdates(page: Page, count: number, timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction(`Number(document.body.dataset.updates ?? '0') >= ${count}`, undefined, { timeout: timeoutMs, polling: 100 });
}

/** Waits until a data attribute of the element with `testId` is a number at least `min`. */
export async function waitForDataAtLeast(page: Page, testId: string, attribute: string, min: number, timeoutMs = 30_000): Promise<void> {
  const expr = `Number(document.querySelector('[data-testid="${testId}"]')?.getAttribute('data-${attribute}') ?? '0') >= ${min}`;
  await page.waitForFunction(expr, undefined, { timeout: timeoutMs, polling: 100 });
}

/** A numeric data attribute of the element with `testId`. */
export async function dataNumber(page: Page, testId: string, attribute: string): Promise<number> {
  return Number((await page.getAttribute(`[data-testid="${testId}"]`, `data-${attribute}`)) ?? '0');
}

/** Waits until the element with `testId` contains `text`. */
export async function waitForText(page: Page, testId: string, text: string, timeoutMs = 20_000): Promise<void> {
  await page.locator(`[data-testid="${testId}"]`, { hasText: text }).first().waitFor({ timeout: timeoutMs });
}

export async function visit(browser: HeadlessChromium, url: string): Promise<Visit> {
  const { page, errors } = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await waitForUpdates(page, 1);
  return { page, errors };
}

/** Saves a full-page screenshot as `<name>.png` when KINDLING_UI_SCREENSHOTS is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env['KINDLING_UI_SCREENSHOTS'];
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The text of every cell of a table, row by row, found by its data-testid. */
export async function tableRows(page: Page, testId: string): Promise<string[][]> {
  const rows = page.locator(`[data-testid="${testId}"] tbody tr`);
  const out: string[][] = [];
  for (const row of await rows.all()) out.push((await row.locator('td').allTextContents()).map((t) => t.trim()));
  // The one-cell row of an empty table is no row.
  return out.length === 1 && (await rows.first().locator('td.empty').count()) === 1 ? [] : out;
}

/** The text contents of every element matching `selector`. */
export async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allTextContents()).map((t) => t.trim());
}
