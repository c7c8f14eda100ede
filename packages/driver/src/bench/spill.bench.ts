/**
 * What spilling costs: groupByKey and sortByKey on `local-inprocess` over the same
 * records with memory enough to hold them (kindling.executor.memory=2g) and with a
 * 64m executor's share (24 MiB per task, so every shuffle spills on both sides),
 * each against a plain JavaScript loop over the same records in the same run.
 *
 * Run: npx --yes pnpm@10 bench spill
 */
import { performance } from 'node:perf_hooks';
import { KindlingConf } from '@kindling/common';
import { KindlingContext, capture, type RDD } from '../index.js';

const RECORDS = 600_000;
const KEYS = 10_000;
const PARTITIONS = 4;
const RUNS = 3;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The records of one partition (the plain loops call it; the engine runs the same code as a captured lambda). */
function makeRecords(perPart: number, keys: number, part: number): Array<[number, string]> {
  return Array.from({ length: perPart }, (_, i): [number, string] => {
    const n = part * perPart + i;
    return [(n * 7919) % keys, `value-${n}-${'x'.repeat(40)}`];
  });
}

function records(part: number): Array<[number, string]> {
  return makeRecords(RECORDS / PARTITIONS, KEYS, part);
}

/** Made in the tasks from partition numbers, so the driver ships only the numbers. */
const generate = capture({ perPart: RECORDS / PARTITIONS, keys: KEYS }, ({ perPart, keys }) => (part: number): Array<[number, string]> =>
  Array.from({ length: perPart }, (_, i): [number, string] => {
    const n = part * perPart + i;
    return [(n * 7919) % keys, `value-${n}-${'x'.repeat(40)}`];
  }),
);

function plainGroup(): number {
  const groups = new Map<number, string[]>();
  for (let p = 0; p < PARTITIONS; p++) {
    for (const [k, v] of records(p)) {
      const g = groups.get(k);
      if (g === undefined) groups.set(k, [v]);
      else g.push(v);
    }
  }
  let n = 0;
  for (const g of groups.values()) n += g.length;
  return n;
}

function plainSort(): number {
  const all: Array<[number, string]> = [];
  for (let p = 0; p < PARTITIONS; p++) for (const r of records(p)) all.push(r);
  all.sort((a, b) => a[0] - b[0]);
  return all.length;
}

function source(kc: KindlingContext): RDD<[number, string]> {
  return kc.parallelize(Array.from({ length: PARTITIONS }, (_, i) => i), PARTITIONS).flatMap(generate);
}

async function engineGroup(kc: KindlingContext): Promise<number> {
  const sizes = await source(kc).groupByKey(PARTITIONS).map(([, vs]: [number, string[]]) => vs.length).collect();
  return sizes.reduce((a, b) => a + b, 0);
}

async function engineSort(kc: KindlingContext): Promise<number> {
  return source(kc).sortByKey(true, PARTITIONS).count();
}

async function best(run: () => Promise<number> | number): Promise<{ ms: number; runs: number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const t0 = performance.now();
    const n = await run();
    runs.push(performance.now() - t0);
    if (n !== RECORDS) throw new Error(`expected ${RECORDS} records, got ${n}`);
  }
  return { ms: Math.min(...runs), runs };
}

async function context(memory: string): Promise<KindlingContext> {
  return KindlingContext.create({ master: 'local-inprocess', appName: `spill-bench-${memory}`, conf: new KindlingConf({ 'kindling.executor.memory': memory }) });
}

async function main(): Promise<void> {
  const roomy = await context('2g');
  const tight = await context('64m');
  try {
    out(`groupByKey and sortByKey over ${RECORDS.toLocaleString('en-US')} records (${KEYS} keys, ~60-byte values), ${PARTITIONS} partitions, local-inprocess, best of ${RUNS}`);
    const row = (name: string, r: { ms: number; runs: number[] }): void => out(`  ${name.padEnd(40)} ${r.ms.toFixed(0).padStart(7)} ms  (${r.runs.map((t) => t.toFixed(0)).join(', ')})`);
    for (const [what, plain, engine] of [
      ['groupByKey', plainGroup, engineGroup],
      ['sortByKey', plainSort, engineSort],
    ] as const) {
      const p = await best(plain);
      const inMemory = await best(() => engine(roomy));
      const spilling = await best(() => engine(tight));
      row(`plain JS ${what}`, p);
      row(`kindling ${what}, in memory (2g)`, inMemory);
      row(`kindling ${what}, spilling (64m)`, spilling);
      out(`ratio ${what} in memory / plain: ${(p.ms / inMemory.ms).toFixed(3)}; spilling / plain: ${(p.ms / spilling.ms).toFixed(3)}; spilling costs ${(spilling.ms / inMemory.ms).toFixed(2)}x the in-memory run`);
    }
  } finally {
    await roomy.stop();
    await tight.stop();
  }
}

await main();
