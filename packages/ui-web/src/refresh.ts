/**
 * How often the pages update: the driver's `kindling.ui.refreshInterval` (written
 * into the page as body data-refresh-ms), unless the user chose otherwise with the
 * header's "refresh" control, a choice this browser keeps for every page and every
 * driver on the same address.
 *
 * Why a setting and not a fixed 2 s: each update costs the browser a request or two,
 * a layout and a paint (40-80 ms of its CPU on the Streaming and Jobs pages), and
 * a browser on the driver's own machine takes that CPU from the job. The ui-cost
 * bench's three tabs used 1.02 CPU s per 10 s updating every 2 s and 0.63 every 5 s
 * (hidden, 0.13). Spark's pages do not refresh at all; Flink's every 3 s.
 */
import { readStored, writeStored } from './local-store.js';

/** When the driver names no interval (a page of an older driver, a test's shell). */
export const DEFAULT_REFRESH_MS = 5000;
/** A choice of "paused": the page keeps what it drew until the user picks an interval. */
export const PAUSED = 0;

const STORAGE_KEY = 'kindling.ui.refreshMs';

/** The interval the pages update at, in ms; PAUSED when the user paused them. */
export function refreshMs(): number {
  const chosen = storedChoice();
  if (chosen !== undefined) return chosen;
  const fromDriver = Number(document.body.dataset['refreshMs']);
  return Number.isFinite(fromDriver) && fromDriver > 0 ? fromDriver : DEFAULT_REFRESH_MS;
}

/** The user's choice, when this browser keeps one (storage refused: the driver's interval). */
function storedChoice(): number | undefined {
  const text = readStored(STORAGE_KEY);
  const ms = text === null ? NaN : Number(text);
  return Number.isInteger(ms) && ms >= 0 ? ms : undefined;
}

/**
 * Shows the current interval in the header's control (the shell renders it, so a
 * page started in place gets a fresh one) and calls `changed` after the user picks
 * another; the function returned detaches it.
 */
export function watchRefreshControl(changed: () => void): () => void {
  const control = document.getElementById('refresh');
  if (!(control instanceof HTMLSelectElement)) return () => undefined;
  const current = String(refreshMs());
  if (![...control.options].some((o) => o.value === current)) control.add(new Option(`${Number(current) / 1000} s`, current));
  control.value = current;
  const onChange = (): void => {
    writeStored(STORAGE_KEY, String(Number(control.value)));
    changed();
  };
  control.addEventListener('change', onChange);
  return () => control.removeEventListener('change', onChange);
}
