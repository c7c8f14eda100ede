/**
 * A section the user opens and closes (`<details>`), whose state this browser keeps
 * for every page and every driver on the same address, as Spark keeps its event
 * timelines' (collapsed until the user opens them, then open on every visit).
 *
 * Why a page cares: what a closed section would show need not be fetched or drawn
 * at each update; the Jobs page's timeline was a third of what a poll of it cost the
 * browser, and the browser's CPU is the job's when both share a machine.
 */
import { h } from './dom.js';
import { readStored, writeStored } from './local-store.js';

export interface Disclosure {
  readonly element: HTMLDetailsElement;
  /** Where the section's content goes (drawn only while open). */
  readonly body: HTMLElement;
  isOpen(): boolean;
}

/**
 * A closed-by-default section titled `title`, remembered under `key`; `toggled` runs
 * after the user opens or closes it.
 */
export function disclosure(key: string, title: string, testId: string, toggled: () => void): Disclosure {
  const body = h('div', {});
  const element = h('details', { 'data-testid': testId }, h('summary', {}, h('h2', {}, title)), body);
  // Storage refused: closed, as by default.
  element.open = readStored(key) === 'open';
  // Setting `open` queues a toggle event too: only the user's changes count.
  let known = element.open;
  element.addEventListener('toggle', () => {
    if (element.open === known) return;
    known = element.open;
    writeStored(key, element.open ? 'open' : null);
    if (!element.open) body.replaceChildren();
    toggled();
  });
  return { element, body, isOpen: () => element.open };
}

