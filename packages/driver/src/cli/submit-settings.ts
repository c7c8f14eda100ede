/**
 * From `kindling submit`'s flags to the settings of the run, with spark-submit's
 * precedence: explicit flags over `--conf` over `--properties-file` over defaults.
 * Flags that are configuration in disguise become their `kindling.*` keys, so the
 * driver and executors read one KindlingConf.
 *
 * Everything here is validated before the job is bundled or a context created; a
 * bad value is a UsageError (exit 2) that names the flag and the accepted form, and
 * so is a bad value of any registered configuration key (conf-registry.ts). Unknown
 * `kindling.*` keys come back as warnings, for the command to print.
 */
import { readFile } from 'node:fs/promises';
import { KindlingConf, checkConf } from '@kindling/common';
import '../driver-conf-entries.js';
import { parseMasterUrl } from '../scheduler/master-url.js';
import { portNumber, positiveInteger } from './flag-values.js';
import { UsageError } from './usage-error.js';

/** What commander hands the submit action. */
export interface SubmitFlags {
  readonly master?: string;
  readonly name?: string;
  readonly conf: readonly string[];
  readonly propertiesFile?: string;
  readonly numExecutors?: string;
  readonly executorMemory?: string;
  readonly supervise?: boolean;
  readonly upgrade?: boolean;
  readonly allowDroppedState?: boolean;
  readonly uiPort?: string;
  readonly verbose?: boolean;
}

export interface SubmitSettings {
  readonly master: string;
  readonly appName: string | undefined;
  readonly conf: KindlingConf;
  readonly verbose: boolean;
  readonly supervise: boolean;
  /** Unknown `kindling.*` keys, one line each with the closest known key. */
  readonly confWarnings: readonly string[];
}

/** The master when neither --master nor kindling.master says: executors on loopback (docs/DESIGN.md §1). */
export const defaultMaster = 'local[2]';

export async function submitSettings(flags: SubmitFlags): Promise<SubmitSettings> {
  const conf = new KindlingConf();
  if (flags.propertiesFile !== undefined) {
    for (const [key, value] of await readPropertiesFile(flags.propertiesFile)) conf.set(key, value);
  }
  for (const pair of flags.conf) {
    const [key, value] = parseConfPair(pair);
    conf.set(key, value);
  }
  if (flags.name !== undefined) conf.set('kindling.app.name', flags.name);
  if (flags.numExecutors !== undefined) conf.set('kindling.executor.instances', positiveInteger('--num-executors', flags.numExecutors));
  if (flags.executorMemory !== undefined) conf.set('kindling.executor.memory', memorySize(flags.executorMemory));
  if (flags.uiPort !== undefined) conf.set('kindling.ui.port', portNumber('--ui-port', flags.uiPort));
  if (flags.supervise === true) conf.set('kindling.driver.supervise', 'true');
  if (flags.allowDroppedState === true && flags.upgrade !== true) throw new UsageError('--allow-dropped-state only applies with --upgrade');
  if (flags.upgrade === true) conf.set('kindling.streaming.upgrade', 'true');
  if (flags.allowDroppedState === true) conf.set('kindling.streaming.upgrade.allowDroppedState', 'true');

  const { errors, warnings } = checkConf(conf);
  if (errors.length > 0) throw new UsageError(errors[0]!.message, { cause: errors[0] });

  const master = flags.master ?? conf.get('kindling.master') ?? defaultMaster;
  try {
    parseMasterUrl(master);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  return {
    master,
    appName: conf.get('kindling.app.name'),
    conf,
    verbose: flags.verbose === true,
    supervise: conf.getBoolean('kindling.driver.supervise', false),
    confWarnings: warnings,
  };
}

export function parseConfPair(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  const key = eq < 0 ? '' : pair.slice(0, eq).trim();
  if (key === '' || /\s/.test(key)) {
    throw new UsageError(`--conf expects key=value (e.g. --conf kindling.task.maxFailures=8), got '${pair}'`);
  }
  return [key, pair.slice(eq + 1)];
}

/**
 * A properties file as spark-submit reads `spark-defaults.conf`: one `key=value`,
 * `key: value` or `key value` per line; blank lines and `#`/`!` comments ignored.
 */
export function parseProperties(text: string, file: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) return;
    const match = /^([^=:\s]+)\s*(?:[=:]\s*|\s+|$)(.*)$/.exec(line);
    if (match === null) {
      throw new UsageError(`--properties-file ${file}:${index + 1}: expected 'key=value' or 'key value', got '${line}'`);
    }
    entries.push([match[1]!, match[2]!.trim()]);
  });
  return entries;
}

async function readPropertiesFile(file: string): Promise<Array<[string, string]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`--properties-file ${file} cannot be read (${reason})`, { cause: error, path: file });
  }
  return parseProperties(text, file);
}


/** Spark's memory strings: 512m, 2g, 1.5g, 1024k, 4096 (bytes). */
function memorySize(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!/^\d+(\.\d+)?[kmgt]?b?$/.test(value) || /^0+(\.0+)?[kmgt]?b?$/.test(value)) {
    throw new UsageError(`--executor-memory expects a size such as 512m or 2g, got '${raw}'`);
  }
  return value;
}
