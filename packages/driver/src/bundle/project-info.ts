/**
 * What a job entry file belongs to: the nearest directory with a package.json above
 * it (the user's project), whose name and version label the bundle.
 *
 * The project directory is also esbuild's working directory, because esbuild writes
 * paths relative to it into the bundle (module comments, the source map). Making
 * them relative to the project, not to wherever `kindling` was started, keeps the
 * bundle's bytes — hence its sha256 — the same for the same code.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

export interface ProjectInfo {
  readonly root: string;
  readonly name: string;
  readonly version: string;
}

export function projectInfo(entryFile: string): ProjectInfo {
  for (let dir = dirname(entryFile); ; dir = dirname(dir)) {
    const pkg = readPackageJson(join(dir, 'package.json'));
    if (pkg !== undefined) {
      return {
        root: dir,
        name: typeof pkg['name'] === 'string' && pkg['name'] !== '' ? pkg['name'] : basename(entryFile, extname(entryFile)),
        version: typeof pkg['version'] === 'string' ? pkg['version'] : '0.0.0',
      };
    }
    if (dirname(dir) === dir) break;
  }
  return { root: dirname(entryFile), name: basename(entryFile, extname(entryFile)), version: '0.0.0' };
}

function readPackageJson(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {}; // a broken package.json still marks the project root; its labels fall back
  }
}
