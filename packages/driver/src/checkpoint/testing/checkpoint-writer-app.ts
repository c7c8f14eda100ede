/**
 * The first application of the recovery test, run as its own process:
 *
 *   node checkpoint-writer-app.js <master> <checkpoint base URI> <result file>
 *
 * checkpoints a shuffled RDD (word counts, HashPartitioner(4)), writes what it saw
 * (checkpoint directory, partition contents, partitioner plan) as JSON, and exits.
 */
import { writeFile } from 'node:fs/promises';
import { HashPartitioner } from '@kindling/common';
import { masterCases } from './master-cases.js';

export interface WriterAppResult {
  readonly checkpointFile: string;
  readonly partitions: [string, number][][];
  readonly partitioner: unknown;
}

const [master, base, out] = process.argv.slice(2);
const masterCase = masterCases().find((m) => m.master === master);
if (masterCase === undefined || base === undefined || out === undefined) {
  process.stderr.write('usage: checkpoint-writer-app <local-inprocess|local[2]> <checkpoint base URI> <result file>\n');
  process.exit(2);
}
const { kc } = await masterCase.create();
try {
  await kc.setCheckpointDir(base);
  const words = Array.from({ length: 2000 }, (_, i) => `w${(i * 7919) % 97}`);
  const counts = kc
    .parallelize(words, 5)
    .map((w: string): [string, number] => [w, 1])
    .reduceByKey((a: number, b: number) => a + b, new HashPartitioner(4));
  counts.checkpoint();
  await counts.count();
  const result: WriterAppResult = {
    checkpointFile: counts.getCheckpointFile()!,
    partitions: await counts.glom().collect(),
    partitioner: counts.partitioner!.toPlan(),
  };
  await writeFile(out, JSON.stringify(result));
} finally {
  await kc.stop();
}
