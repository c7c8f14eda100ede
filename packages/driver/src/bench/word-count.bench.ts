/**
 * Word count on `local-inprocess` against the same count written as a plain
 * JavaScript loop, over the same ≥ 5 million words (issue 2, "Must show").
 *
 * The words are generated deterministically (seeded PRNG, a 20,000-word vocabulary
 * with a skewed distribution, lines of 10 words) and written to a temp text file;
 * the engine reads them with textFile when available, else from parallelize. Both
 * sides are timed from the lines in memory (engine: also the file read) to the
 * final counts on the driver; each side runs 3 times and the best run counts.
 *
 * Run: npx --yes pnpm@10 bench word-count
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KindlingContext, type RDD } from '../index.js';

const WORDS = 5_000_000;
const WORDS_PER_LINE = 10;
const VOCABULARY = 20_000;
const RUNS = 3;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** mulberry32: a small, good-enough seeded PRNG, so every run counts the same words. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateLines(): string[] {
  const random = prng(42);
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

async function engineWordCount(kc: KindlingContext, lines: readonly string[], path: string, numPartitions: number): Promise<Map<string, number>> {
  const withTextFile = kc as unknown as { textFile?: (p: string, n: number) => RDD<string> };
  const source: RDD<string> = withTextFile.textFile !== undefined ? withTextFile.textFile(path, numPartitions) : kc.parallelize(lines, numPartitions);
  const counts = await source
    .flatMap((line: string) => line.split(' '))
    .map((word: string): [string, number] => [word, 1])
    .reduceByKey((a: number, b: number) => a + b)
    .collect();
  return new Map(counts);
}

function best(times: number[]): number {
  return Math.min(...times);
}

async function main(): Promise<void> {
  const lines = generateLines();
  const dir = await mkdtemp(join(tmpdir(), 'kindling-bench-wc-'));
  const path = join(dir, 'words.txt');
  await writeFile(path, `${lines.join('\n')}\n`);
  const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'word-count-bench' });
  try {
    const numPartitions = 8;
    const usesTextFile = typeof (kc as { textFile?: unknown }).textFile === 'function';
    out(`word count: ${WORDS.toLocaleString('en-US')} words, ${lines.length.toLocaleString('en-US')} lines, vocabulary ${VOCABULARY}, ${numPartitions} partitions, source ${usesTextFile ? 'textFile' : 'parallelize'}`);

    const plainTimes: number[] = [];
    let expected = new Map<string, number>();
    for (let run = 0; run < RUNS; run++) {
      globalThis.gc?.();
      const t0 = performance.now();
      expected = plainWordCount(lines);
      plainTimes.push(performance.now() - t0);
    }

    const engineTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      globalThis.gc?.();
      const t0 = performance.now();
      const counts = await engineWordCount(kc, lines, path, numPartitions);
      engineTimes.push(performance.now() - t0);
      if (counts.size !== expected.size || [...expected].some(([w, n]) => counts.get(w) !== n)) {
        throw new Error('the engine word count differs from the plain JavaScript count');
      }
    }

    const plainRate = WORDS / (best(plainTimes) / 1000);
    const engineRate = WORDS / (best(engineTimes) / 1000);
    const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
    out(`plain JavaScript loop : ${fmt(plainRate)} words/s (best of ${RUNS}: ${best(plainTimes).toFixed(0)} ms)`);
    out(`kindling local-inprocess: ${fmt(engineRate)} words/s (best of ${RUNS}: ${best(engineTimes).toFixed(0)} ms; runs ${engineTimes.map((t) => t.toFixed(0)).join(', ')} ms)`);
    out(`ratio engine / plain loop: ${(engineRate / plainRate).toFixed(3)} (the plain loop is ${(plainRate / engineRate).toFixed(1)}x faster)`);
  } finally {
    await kc.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
