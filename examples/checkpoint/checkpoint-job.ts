/**
 * RDD checkpoints, as a Kindling job module:
 *
 *   kindling submit --master local[2] examples/checkpoint/checkpoint-job.ts file:///tmp/kindling-checkpoints
 *   kindling submit --master kindling://0.0.0.0:7077 --num-executors 2 \
 *     examples/checkpoint/checkpoint-job.ts webhdfs://namenode:9870/kindling/checkpoints   (docker-compose.yml)
 *
 * 1. Counts page views by page: a shuffled RDD, marked for checkpointing before its
 *    first action, so the action's tasks write it as they compute it.
 * 2. Iterates a rank update 30 times, checkpointing every 10 iterations: the lineage
 *    stays a few RDDs deep instead of growing with every iteration.
 * 3. Reads the first checkpoint back with `checkpointFile`, as a new application
 *    would, and checks the data and the partitioner.
 *
 * Exits non-zero (the job throws) when anything read back differs.
 */
import { capture, type KindlingContext } from '@kindling/driver';

const VIEWS = 200_000;

/** A deterministic page view: 100 pages, the first ones far more often. */
export function pageView(i: number): [string, number] {
  const u = ((i * 2654435761) % 4294967296) / 4294967296;
  return [`page-${Math.floor(u * u * 100)}`, 1];
}

export default async function main(kc: KindlingContext, args: string[]): Promise<void> {
  const dir = args[0] ?? 'file:///tmp/kindling-checkpoints';
  await kc.setCheckpointDir(dir);
  console.log(`checkpoint directory: ${kc.checkpointDir}`);

  const views = kc
    .parallelize(Array.from({ length: VIEWS }, (_, i) => i), 8)
    .map(pageView)
    .reduceByKey((a, b) => a + b, 4);
  views.checkpoint();
  const pages = await views.count();
  console.log(`${pages} pages; checkpointed: ${views.isCheckpointed()} in ${views.getCheckpointFile()}`);

  // Shares of the views, damped towards uniform each iteration; they keep summing to 1.
  let ranks = views.mapValues(capture({ views: VIEWS }, ({ views }) => (count: number) => count / views));
  for (let i = 1; i <= 30; i++) {
    ranks = ranks.mapValues(capture({ pages }, ({ pages }) => (rank: number) => 0.15 / pages + 0.85 * rank));
    if (i % 10 === 0) {
      ranks.checkpoint();
      await ranks.count();
      console.log(`iteration ${i}: lineage of ${ranks.toDebugString().split('\n').length} RDDs`);
    }
  }
  const total = await ranks.values().reduce((a, b) => a + b);
  console.log(`sum of ranks after 30 iterations: ${total.toFixed(6)}`);
  if (Math.abs(total - 1) > 1e-9) throw new Error(`the ranks sum to ${total}, not 1`);

  const recovered = await kc.checkpointFile<[string, number]>(views.getCheckpointFile()!);
  const expected = new Map(await views.collect());
  const actual = new Map(await recovered.collect());
  const same = actual.size === expected.size && [...expected].every(([page, n]) => actual.get(page) === n);
  if (!same) throw new Error(`the checkpoint read back from ${views.getCheckpointFile()} differs from the RDD`);
  if (recovered.partitioner === undefined || !recovered.partitioner.equals(views.partitioner)) {
    throw new Error(`the partitioner was not recovered: ${String(recovered.partitioner)}`);
  }
  console.log(`read back ${actual.size} pages with ${String(recovered.partitioner)}: identical`);
}
