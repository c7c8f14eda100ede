/**
 * `pnpm soak [batches] [--master local[N]] [--records N] [--keys N] [--kill-executor-every N] [--conf k=v]…`:
 * runs the stateful soak job (default 2,000 one-second batches on local[2], as fast as they
 * complete; with --kill-executor-every, an executor SIGKILLed after every N batches) and prints the probes after the warm-up, at every tenth of the run, and
 * at the end, then the end-to-start ratio of each. Exits 1 when the final running
 * counts are wrong. Run with --expose-gc (scripts/soak.mjs does).
 */
import { createLogger } from '@kindling/common';
import { formatSample, type SoakSample } from './soak-probes.js';
import { runSoak } from './stateful-soak.js';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

function positiveInt(value: string | undefined, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`soak: ${what} must be a positive integer, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

const args = process.argv.slice(2);
const batches = positiveInt(
  args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--')),
  'the number of batches',
  2000,
);
const master = flag(args, '--master') ?? 'local[2]';
const recordsPerBatch = positiveInt(flag(args, '--records'), '--records', 2000);
const numKeys = positiveInt(flag(args, '--keys'), '--keys', 1000);
const killEvery = flag(args, '--kill-executor-every');
const killExecutorEvery = killEvery === undefined ? undefined : positiveInt(killEvery, '--kill-executor-every', 1);
const conf: Record<string, string> = {};
args.forEach((a, i) => {
  if (a !== '--conf') return;
  const [key, ...value] = (args[i + 1] ?? '').split('=');
  if (key === undefined || key === '' || value.length === 0) {
    process.stderr.write(`soak: --conf expects key=value, got "${args[i + 1] ?? ''}"\n`);
    process.exit(2);
  }
  conf[key] = value.join('=');
});
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  process.stderr.write('soak: run with node --expose-gc (pnpm soak does)\n');
  process.exit(2);
}

const collectGarbage = async (): Promise<void> => {
  // Twice, with turns in between: finalizers run after a collection, and what they free needs another.
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

out(`soak: ${batches} batches of ${recordsPerBatch} records over ${numKeys} keys on ${master}: reduceByKey, then a running count per key, checkpointed every 10 batches${killExecutorEvery === undefined ? '' : `; an executor SIGKILLed every ${killExecutorEvery} batches`}`);
const started = Date.now();
const result = await runSoak({
  batches,
  master,
  recordsPerBatch,
  numKeys,
  conf,
  ...(killExecutorEvery === undefined ? {} : { killExecutorEvery }),
  intermediateSamples: 9,
  logger: createLogger({ level: 'warn' }),
  collectGarbage,
  onSample: (s) => out(formatSample(s)),
});
const first = result.samples[0]!;
const last = result.samples.at(-1)!;
const ratio = (pick: (s: SoakSample) => number): string => (pick(first) === 0 ? (pick(last) === 0 ? '1.00' : 'n/a') : (pick(last) / pick(first)).toFixed(2));
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
out('');
out(`end / start (batch ${last.batch} / batch ${first.batch}):`);
out(`  driver heap        ${ratio((s) => s.driverHeapBytes)}`);
out(`  executor RSS       ${ratio((s) => sum(s.executorRssBytes))}`);
out(`  shuffle files      ${ratio((s) => s.shuffleFiles)}`);
out(`  executor dirs      ${ratio((s) => s.executorDirs)}`);
out(`  checkpoint bytes   ${ratio((s) => s.checkpointBytes)}`);
out(`  tracked shuffles   ${ratio((s) => s.trackedShuffles)}`);
out(`  remembered RDDs    ${ratio((s) => s.rememberedRdds)}`);
let wrong = 0;
for (const [key, expected] of result.expectedCounts) if (result.finalCounts.get(key) !== expected) wrong++;
const countsOk = wrong === 0 && result.finalCounts.size === numKeys;
out(`running counts after ${batches} batches: ${countsOk ? `all ${numKeys} keys right` : `${wrong} wrong of ${result.finalCounts.size} (expected ${numKeys} keys)`}`);
if (killExecutorEvery !== undefined) out(`executors SIGKILLed: ${result.executorsKilled}`);
out(`took ${((Date.now() - started) / 1000).toFixed(0)} s (${((Date.now() - started) / batches).toFixed(0)} ms a batch)`);
process.exit(countsOk ? 0 : 1);
