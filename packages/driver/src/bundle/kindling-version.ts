/** The version of this Kindling installation, from packages/driver/package.json (dist/bundle → ../../). */
import { readFileSync } from 'node:fs';

let version: string | undefined;

export function kindlingVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
