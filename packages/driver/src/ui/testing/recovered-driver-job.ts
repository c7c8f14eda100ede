/**
 * The job of the tests that kill a driver and restart it from its checkpoint to see
 * both attempts (kindling history, the Checkpoints page's recovery): a small stateless
 * stream on a rate source, written into a temp project by each test. Its arguments
 * are the checkpoint directory, how long to run at most, and optionally a file whose
 * appearance stops it sooner (a test done looking at a live driver need not wait).
 */
export const recoveredDriverJob = [
  "import { existsSync } from 'node:fs';",
  "import { StreamingContext, Milliseconds, type KindlingContext } from '@kindling/driver';",
  'export function key(r: { value: number }): [number, number] { return [r.value % 3, 1]; }',
  'export function add(a: number, b: number): number { return a + b; }',
  'export default async function main(kc: KindlingContext, args: string[]): Promise<void> {',
  '  const [dir, runMs, stopFile] = args;',
  '  const ssc = await StreamingContext.getOrCreate(dir!, () => {',
  '    const ssc = new StreamingContext(kc, Milliseconds(500));',
  '    ssc.checkpoint(dir!);',
  '    ssc.rateStream({ rowsPerSecond: 20, numPartitions: 2 }).map(key).reduceByKey(add).foreachRDD(async (rdd) => { await rdd.count(); });',
  '    return ssc;',
  '  });',
  // At least one completed batch before the stop: a stop that cancels a batch leaves
  // it pending (it reruns after a restart), and a loaded machine may complete none of
  // the rescheduled batches within runMs.
  '  let completed = 0;',
  '  ssc.addStreamingListener({ onBatchCompleted: () => { completed++; } });',
  '  ssc.start();',
  '  const until = Date.now() + Number(runMs);',
  '  const stopFileSeen = async (): Promise<void> => { while (stopFile !== undefined && !existsSync(stopFile) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100)); };',
  "  await Promise.race([ssc.awaitTerminationOrTimeout(Number(runMs)), stopFile === undefined ? new Promise(() => undefined) : stopFileSeen()]);",
  '  while (completed === 0) await new Promise((resolve) => setTimeout(resolve, 100));',
  '  await ssc.stop();',
  '}',
].join('\n');
