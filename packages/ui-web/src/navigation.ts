/**
 * The nav bar's links change the page without loading a new document: a click
 * fetches the page's shell (the same 1.4 KB HTML a load would get, so the server
 * stays the one place that knows the routes, live and in history), takes its
 * title, header, content and body data, and starts the new page's module in the
 * document already there. The back and forward buttons do the same.
 *
 * Why: loading a document is the dearest thing a user does in the UI. The ui-cost
 * probe measured a navigation to a plain HTML page at ~170-200 ms of the browser's
 * CPU (most of it in the browser process and the new document's renderer set-up,
 * before any of the page's code runs) and a UI page at ~290 ms, where a page
 * started in place costs its module's first update. Links in the tables (a job, a
 * stage, a batch) still load their page: they are followed once, the nav bar is
 * walked.
 *
 * Anything unexpected (an answer that is not a page of this build, a failed fetch)
 * falls back to the plain navigation.
 */
import { ANSWER_TIMEOUT_MS } from './api.js';

export type StartPage = () => () => void;

export function enableInPlaceNavigation(startPage: StartPage): void {
  let stop = startPage();
  let generation = 0;
  const go = async (url: URL, push: boolean): Promise<void> => {
    const mine = ++generation;
    let doc: Document;
    try {
      const res = await fetch(url, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
      if (!res.ok || !(res.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error(`answered ${res.status}`);
      doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    } catch {
      location.assign(url);
      return;
    }
    // A later click won; or a page of another build (the driver restarted): load it.
    if (mine !== generation) return;
    const header = doc.querySelector('header');
    const content = doc.getElementById('content');
    if (header === null || content === null || moduleOf(doc) !== moduleOf(document)) {
      location.assign(url);
      return;
    }
    stop();
    if (push) history.pushState(null, '', url);
    document.title = doc.title;
    for (const key of Object.keys(document.body.dataset)) delete document.body.dataset[key];
    Object.assign(document.body.dataset, doc.body.dataset);
    document.querySelector('header')?.replaceWith(document.importNode(header, true));
    document.getElementById('content')?.replaceWith(document.importNode(content, true));
    window.scrollTo(0, 0);
    stop = startPage();
  };
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('header nav a') : null;
    if (!(link instanceof HTMLAnchorElement) || link.target !== '') return;
    const url = new URL(link.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    void go(url, true);
  });
  window.addEventListener('popstate', () => void go(new URL(location.href), false));
}

/** The entry module a document runs: its URL names the build (/static/v-<digest>/…). */
function moduleOf(doc: Document): string | null {
  return doc.querySelector('script[type="module"]')?.getAttribute('src') ?? null;
}
