/**
 * Keeps a page current without reloading: the page's `update` runs now and then every
 * refresh interval (refresh.ts: the driver's setting or the user's choice in the
 * header; the REST API is cheap to poll: a snapshot of the status store), one poll
 * at a time, so a slow answer is never overtaken by the next. The status line says
 * when the page last updated, or the one-line reason it could not; a failed poll
 * leaves the last good content in place.
 */
import { morph } from './morph.js';
import { PAUSED, refreshMs, watchRefreshControl } from './refresh.js';

/** What a page's update returns when its answers had not changed and it drew nothing. */
export const UNCHANGED = 'unchanged';

export interface LivePage {
  /** Reads the REST API and draws; UNCHANGED when nothing needed drawing. */
  update(): Promise<typeof UNCHANGED | void>;
  /**
   * How long to wait before the next poll, given the refresh interval, when the page
   * knows better (the Streaming page: never more often than batches complete).
   */
  pollIntervalMs?(refreshMs: number): number;
  /**
   * Called once, before the first update, with what polls at once: for a page whose
   * own control changed what it draws (the Jobs page's timeline opened).
   */
  listen?(updateNow: () => void): void;
  /** Lets go of what outlives the page's content (a chart's window listeners) when another page replaces it. */
  dispose?(): void;
}

/**
 * Starts `page`'s updates; the function returned stops them (the page is left for
 * another in the same document, navigation.ts): no timer, no listener is left
 * behind, and an update under way when it is called draws into the old page's
 * detached content, then stops. A hidden page (another tab in front, a minimised
 * window) does not poll at all, and updates at once when it is shown again; a
 * paused one draws once and waits for the user to pick an interval.
 */
export function runLive(page: LivePage, status: HTMLElement): () => void {
  let updates = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let failed = false;
  let stopped = false;
  /** The user picked another interval: the status line says so at the next update. */
  let rechosen = false;
  const schedule = (): void => {
    const every = refreshMs();
    if (!stopped && every !== PAUSED) timer = setTimeout(() => void tick(), page.pollIntervalMs?.(every) ?? every);
  };
  const tick = async (): Promise<void> => {
    timer = undefined;
    if (stopped || document.visibilityState === 'hidden') return;
    running = true;
    try {
      const drew = (await page.update()) !== UNCHANGED;
      updates++;
      if (stopped) return;
      // Browser tests wait on this count instead of sleeping.
      document.body.dataset['updates'] = String(updates);
      // The status line says when the page last changed: a poll that brought
      // nothing new leaves the DOM alone, so the browser has nothing to lay out
      // or paint for it.
      if (drew || failed || rechosen) {
        status.textContent = `updated ${new Date().toLocaleTimeString('en-GB')}${refreshMs() === PAUSED ? ', paused' : ''}`;
        status.className = 'status ok';
        failed = false;
        rechosen = false;
      }
    } catch (error) {
      failed = true;
      status.textContent = `could not update: ${error instanceof Error ? error.message : String(error)}`;
      status.className = 'status failed';
    } finally {
      running = false;
      schedule();
    }
  };
  /** Polls now, unless a poll is under way (it schedules the next itself). */
  const now = (): void => {
    if (running || stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    void tick();
  };
  const onVisibility = (): void => {
    if (document.visibilityState === 'visible') now();
  };
  document.addEventListener('visibilitychange', onVisibility);
  const unwatch = watchRefreshControl(() => {
    rechosen = true;
    now();
  });
  page.listen?.(now);
  void tick();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
    unwatch();
    page.dispose?.();
  };
}

/** What a page drew last: the answers it drew from, and how many polls it skipped since. */
export interface DrawnAnswers {
  answers: readonly unknown[];
  skipped: number;
}

export function drawnAnswers(): DrawnAnswers {
  return { answers: [], skipped: 0 };
}

/**
 * Whether every answer is the very object the page last drew from (getJson hands
 * back the same object for a 304), so drawing again would change nothing: the
 * page then skips building its DOM, which is most of what a poll costs the
 * browser. Every 5th unchanged poll draws anyway, for what moves with the clock
 * (the duration of a running job).
 */
export function sameAnswers(drawn: DrawnAnswers, answers: readonly unknown[]): boolean {
  const same = answers.length === drawn.answers.length && answers.every((a, i) => a === drawn.answers[i]);
  if (same && drawn.skipped < 4) {
    drawn.skipped++;
    return true;
  }
  drawn.answers = answers;
  drawn.skipped = 0;
  return false;
}

/**
 * Makes the children of the element with id `id` (created under `root` when
 * missing) those given, changing only what differs (morph.ts): most of a section
 * does not change between two polls, and leaving it in place spares the browser
 * its layout and paint, which is most of what a poll costs it.
 */
export function fill(root: HTMLElement, id: string, ...nodes: Node[]): HTMLElement {
  let el = document.getElementById(id);
  if (el === null) {
    el = document.createElement('div');
    el.id = id;
    root.appendChild(el);
  }
  const next = document.createElement('div');
  next.id = id;
  next.append(...nodes);
  morph(el, next);
  return el;
}
