/**
 * Word count, the "hello world" of Spark, as a Kindling job module.
 *
 *   pnpm kindling submit --master local-inprocess examples/word-count/word-count.ts examples/word-count/input.txt [topN]
 *
 * A job module's default export is the driver program; its other exports are what
 * tasks may call on executors. `splitWords` travels by reference (its export name);
 * the small lambdas travel as source text, which Kindling checks when they are
 * passed: they use only their parameters. Importing this module does nothing, so
 * executors can import it safely.
 */
import { resolve } from 'node:path';
import type { KindlingContext } from '@kindling/driver';

/** Lower-cased words: runs of letters, digits and inner apostrophes ("don't"). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu)) words.push(match[0]);
  return words;
}

export default async function main(kc: KindlingContext, args: string[]): Promise<void> {
  const input = args[0];
  if (input === undefined) throw new Error('word-count needs an input file: kindling submit word-count.ts <input.txt> [topN]');
  const topN = args[1] === undefined ? 20 : Number(args[1]);

  const counts = kc
    .textFile(resolve(input))
    .flatMap(splitWords)
    .map((word): [string, number] => [word, 1])
    .reduceByKey((a, b) => a + b);

  // Most frequent first; equal counts in alphabetical order.
  const top = await counts.top(topN, (a, b) => a[1] - b[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
  for (const [word, count] of top) console.log(`${String(count).padStart(7)}  ${word}`);
}
