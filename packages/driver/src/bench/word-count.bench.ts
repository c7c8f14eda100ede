/**
 * Word count on `local-inprocess` against the same count written as a plain
 * JavaScript loop, over the same ≥ 5 million words (issue 2, "Must show").
 *
 * The words are generated deterministically (seeded PRNG, a 20,000-word vocabulary
 * with a skewed distribution, lines of 10 words) and written to a temp text file;
 * the engine reads them with textFile, and also from parallelize(lines). Each is
 * compared with the plain loop over the same source (the file read and split into
 * lines, or the lines in memory), timed to the final counts on the driver; every
 * variant runs 3 times and the best run counts.
 *
 * Run: npx --yes pnpm@10 bench word-count
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KindlingContext, type RDD } from '../index.js';
import { seededRandom } from '../util/seeded-random.js';

const WORDS = 5_000_000;
const WORDS_PER_LINE = 10;
const VOCABULARY = 20_000;
const RUNS = 3;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function generateLines(): string[] {
  const random = seededRandom(42).next;
  const vocabulary = Array.from({ length: VOCABULARY }, (_, i) => `w${i.toString(36)}${'xyz'.slice(0, i % 4)}`);
  const lines: string[] = [];
  for (let w = 0; w < WORDS; w += WORDS_PER_LINE) {
    const words: string[] = [];
    // Squaring skews towards low indices: a few frequent words and a long tail, as in text.
    for (let i = 0; i < WORDS_PER_LINE; i++) words.push(vocabulary[Math.floor(random() ** 2 * VOCABULARY)]!);
    lines.push(words.join(' '));
  }
  return lines;
}

function plainWordCount(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const word of line.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** The plain loop over the file: read it, split lines, count. The baseline for textFile. */
async function plainWordCountFromFile(path: string): Promise<Map<string, number>> {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return plainWordCount(lines);
}

function engineWordCount(source: RDD<string>): Promise<Array<[string, number]>> {
  return source
    .flatMap((line: string) => line.split(' '))
    .map((word: string): [string, number] => [word, 1])
    .reduceByKey((a: number, b: number) => a + b)
    .collect();
}

async function bestOf(run: () => Promise<Map<string, number>>, expected: Map<string, number> | undefined): Promise<{ ms: number; runs: number[]; result: Map<string, number> }> {
  const runs: number[] = [];
  let result = new Map<string, number>();
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const t0 = performance.now();
    result = await run();
    runs.push(performance.now() - t0);
    if (expected !== undefined && (result.size !== expected.size || [...expected].some(([w, n]) => result.get(w) !== n))) {
      throw new Error('the engine word count differs from the plain JavaScript count');
    }
  }
  return { ms: Math.min(...runs), runs, result };
}

async function main(): Promise<void> {
  const lines = generateLines();
  const dir = await mkdtemp(join(tmpdir(), 'kindling-bench-wc-'));
  const path = join(dir, 'words.txt');
  await writeFile(path, `${lines.join('\n')}\n`);
  const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'word-count-bench' });
  const numPartitions = 8;
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const rate = (ms: number): number => WORDS / (ms / 1000);
  try {
    out(`word count over ${fmt(WORDS)} words (${fmt(lines.length)} lines, vocabulary ${VOCABULARY}), ${numPartitions} partitions, local-inprocess, best of ${RUNS}`);
    const plain = await bestOf(() => Promise.resolve(plainWordCount(lines)), undefined);
    const expected = plain.result;
    const plainFile = await bestOf(() => plainWordCountFromFile(path), expected);
    const fromParallelize = await bestOf(async () => new Map(await engineWordCount(kc.parallelize(lines, numPartitions))), expected);
    const fromTextFile = await bestOf(async () => new Map(await engineWordCount(kc.textFile(path, numPartitions))), expected);

    const row = (name: string, r: { ms: number; runs: number[] }): void =>
      out(`  ${name.padEnd(34)} ${fmt(rate(r.ms)).padStart(12)} words/s  (${r.runs.map((t) => t.toFixed(0)).join(', ')} ms)`);
    row('plain JS loop, lines in memory', plain);
    row('plain JS loop, reading the file', plainFile);
    row('kindling parallelize(lines)', fromParallelize);
    row('kindling textFile(path)', fromTextFile);
    out(`ratio kindling parallelize / plain loop in memory: ${(plain.ms / fromParallelize.ms).toFixed(3)} (plain is ${(fromParallelize.ms / plain.ms).toFixed(1)}x faster)`);
    out(`ratio kindling textFile / plain loop over the file: ${(plainFile.ms / fromTextFile.ms).toFixed(3)} (plain is ${(fromTextFile.ms / plainFile.ms).toFixed(1)}x faster)`);
  } finally {
    await kc.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
