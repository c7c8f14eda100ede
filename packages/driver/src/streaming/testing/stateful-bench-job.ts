/**
 * The stateful job of the streaming benches (streaming.bench.ts, ui-cost.bench.ts): a
 * rate source keyed over 100,000 keys into a mapWithState running count, counted each
 * batch. One definition, so that figures of different benches describe the same job.
 */
import type { StreamingContext } from '../streaming-context.js';
import { StateSpec } from '../state-spec.js';

/** The keys are written out in the lambda: it travels as source text and may use only its parameters. */
export function defineStatefulBenchJob(ssc: StreamingContext, rowsPerSecond: number): void {
  ssc
    .rateStream({ rowsPerSecond, numPartitions: 2 })
    .map((row: { value: number }): [string, number] => [`k${row.value % 100000}`, 1])
    .mapWithState(
      StateSpec.function((_key: string, _v: number | undefined, state: { exists(): boolean; get(): number; update(n: number): void }) => {
        const c = state.exists() ? state.get() + 1 : 1;
        state.update(c);
        return c;
      }),
    )
    .foreachRDD(async (rdd) => void (await rdd.count()));
}
