/**
 * Headless Chromium for the UI's browser tests, driven by playwright-core. No browser
 * can be downloaded by npm on the machines this project runs on, so the browser is
 * found by an explicit executable path: `KINDLING_CHROMIUM`, else Debian's
 * /usr/bin/chromium (which `.ci/run` installs when it is missing). Where neither
 * exists, `chromiumOrSkip` gives the one-line reason a browser test skips with, so the
 * run says the UI went unchecked instead of passing silently.
 */
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const DEFAULT_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export type ChromiumLookup = { readonly path: string } | { readonly skip: string };

/** Where Chromium is, or why the browser tests must skip. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const explicit = env['KINDLING_CHROMIUM'];
  if (explicit !== undefined && explicit !== '') {
    return isExecutable(explicit)
      ? { path: explicit }
      : { skip: `KINDLING_CHROMIUM=${explicit} is not an executable file; point it at a Chromium binary, or unset it to use /usr/bin/chromium` };
  }
  const found = DEFAULT_PATHS.find(isExecutable);
  return found !== undefined
    ? { path: found }
    : { skip: 'no Chromium found at /usr/bin/chromium: install it (apt-get install -y chromium) or set KINDLING_CHROMIUM to run the browser tests' };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The flags a closed-network, root-run machine needs: no sandbox (root), and none of
 * Chromium's background connections, which this machine's network refuses many at a
 * time and which would only slow the tests down.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** One browser for a test file, with a page that records console errors and page errors. */
export class HeadlessChromium {
  /** A context with JavaScript off, made on first use (a page as a document alone, for the ui-cost probes). */
  private staticContext: BrowserContext | undefined;

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
  ) {}

  static async launch(executablePath: string): Promise<HeadlessChromium> {
    // playwright gives each launch a new empty profile of its own and removes it on close.
    const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    return new HeadlessChromium(browser, context);
  }

  /** A new page; every console error and uncaught page error lands in `errors`. */
  async newPage(options: { readonly javaScript?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
    let context = this.context;
    if (options.javaScript === false) {
      this.staticContext ??= await this.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
      context = this.staticContext;
    }
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      // The URL says which resource a "Failed to load resource" error is about.
      if (message.type() === 'error') errors.push(`console: ${message.text()}${message.location().url === '' ? '' : ` (${message.location().url})`}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    return { page, errors };
  }

  /** The pages open now. */
  pages(): Page[] {
    return this.context.pages();
  }

  async close(): Promise<void> {
    await this.staticContext?.close().catch(() => undefined);
    await this.context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
  }
}
