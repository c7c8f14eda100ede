/**
 * Rebuilds an application attempt's status store from its event log (Spark's
 * ReplayListenerBus): each line one UiEvent, applied in order. A driver that was
 * killed may have left a last line cut short; it is skipped (Spark skips a torn
 * last line of an in-progress log the same way). Any other unreadable line is
 * skipped too and counted, so one bad line does not hide an application.
 */
import type { FileSystem } from '@kindling/common';
import { AppStatusStore, type StatusLimits } from '../status/app-status-store.js';
import type { UiEvent } from '../status/ui-event.js';

export interface ReplayResult {
  readonly store: AppStatusStore;
  /** Lines that were not events. */
  readonly skippedLines: number;
}

export function replayEventLines(text: string, limits?: StatusLimits): ReplayResult {
  const store = new AppStatusStore(limits);
  let skippedLines = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    let event: UiEvent;
    try {
      event = JSON.parse(line) as UiEvent;
    } catch {
      skippedLines++;
      continue;
    }
    if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
      skippedLines++;
      continue;
    }
    store.apply(event);
  }
  return { store, skippedLines };
}

export async function replayEventLog(fs: FileSystem, path: string, limits?: StatusLimits): Promise<ReplayResult> {
  const bytes = await fs.readFile(path);
  return replayEventLines(bytes.toString('utf8'), limits);
}
