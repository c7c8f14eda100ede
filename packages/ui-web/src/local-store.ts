/**
 * This browser's localStorage, for what the pages remember (the refresh interval, an
 * open timeline), where a refusal (a sandboxed frame, a privacy setting) is no
 * error: the page goes on with its default, or follows the user's choice without
 * keeping it for the next page.
 */

/** The value kept under `key`; null when there is none or storage is refused. */
export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Keeps `value` under `key`, or forgets the key for null; does nothing where storage is refused. */
export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Not kept across pages, but this page still follows the choice.
  }
}
