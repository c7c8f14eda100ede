/**
 * The soak job (issue 9 item 6): a stateful stream of the kind that must run for
 * days — generated pairs, a per-batch reduceByKey, then a running count per key
 * carried from batch to batch and checkpointed — with one output per batch.
 *
 * The stateful step is mapWithState, the operator the video-hits job uses, and its
 * full state (stateSnapshots) is the stream the output reads.
 */
import type { State } from '@kindling/common';
import type { DStream } from '../dstream.js';
import '../index.js';
import type { StreamingContext } from '../streaming-context.js';
import { GeneratedInputDStream } from '../testing/generated-input-dstream.js';
import { StateSpec } from '../state-spec.js';

export interface SoakJobOptions {
  readonly recordsPerBatch: number;
  readonly numKeys: number;
}

export interface SoakJob {
  readonly input: GeneratedInputDStream;
  readonly state: DStream<[string, number]>;
}

/** The running count of every key seen so far. */
function statefulCounts(pairs: DStream<[string, number]>): DStream<[string, number]> {
  return pairs
    .mapWithState(
      StateSpec.function((_key: string, value: number | undefined, state: State<number>) => {
        const count = (state.exists() ? state.get() : 0) + (value ?? 0);
        state.update(count);
        return count;
      }).numPartitions(2),
    )
    // An explicit uid, as start() asks of every stateful operator (it warns otherwise).
    .name('soak-counts')
    .stateSnapshots();
}

export function defineSoakJob(ssc: StreamingContext, options: SoakJobOptions): SoakJob {
  const input = new GeneratedInputDStream(ssc, options.recordsPerBatch, options.numKeys, 2);
  const perBatch = input.reduceByKey((a: number, b: number) => a + b, 2);
  const state = statefulCounts(perBatch);
  // The output is an action over the whole state, so every batch computes (and every
  // tenth checkpoints) the state; a builtin-free lambda so the graph can be checkpointed.
  state.foreachRDD(async (rdd) => {
    await rdd.count();
  });
  return { input, state };
}
