/**
 * Keeps a page current without reloading: the page's `update` runs now and then every
 * `intervalMs` (the REST API is cheap to poll: a snapshot of the status store), one
 * poll at a time, so a slow answer is never overtaken by the next. The status line
 * says when the page last updated, or the one-line reason it could not; a failed poll
 * leaves the last good content in place.
 */
export interface LivePage {
  update(): Promise<void>;
}

/**
 * Every 2 s: a batch interval is rarely shorter, and each update costs the browser a
 * layout and paint of what changed (the ui-cost bench measures it against the job).
 */
export const POLL_INTERVAL_MS = 2000;

export function runLive(page: LivePage, status: HTMLElement, intervalMs = POLL_INTERVAL_MS): void {
  let updates = 0;
  const tick = async (): Promise<void> => {
    try {
      await page.update();
      updates++;
      // Browser tests wait on this count instead of sleeping.
      document.body.dataset['updates'] = String(updates);
      status.textContent = `updated ${new Date().toLocaleTimeString('en-GB')}`;
      status.className = 'status ok';
    } catch (error) {
      status.textContent = `could not update: ${error instanceof Error ? error.message : String(error)}`;
      status.className = 'status failed';
    } finally {
      setTimeout(() => void tick(), intervalMs);
    }
  };
  void tick();
}

/**
 * Replaces the children of the element with id `id` (created under `root` when
 * missing), unless they would come out the same: most sections do not change
 * between two polls, and leaving them in place spares the browser their layout and
 * paint, which is most of what a poll costs it.
 */
export function fill(root: HTMLElement, id: string, ...nodes: Node[]): HTMLElement {
  let el = document.getElementById(id);
  if (el === null) {
    el = document.createElement('div');
    el.id = id;
    root.appendChild(el);
  }
  const next = document.createElement('div');
  next.append(...nodes);
  if (next.innerHTML !== el.innerHTML) el.replaceChildren(...next.childNodes);
  return el;
}
