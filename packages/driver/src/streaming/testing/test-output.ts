/**
 * An output that collects every batch's records on the driver (Spark's
 * TestOutputStream). It is a builtin output with a sink id, not a closure over a
 * test's array, so a graph using it can be checkpointed like any other.
 */
import { builtinRef, registerBuiltin, type RDD } from '@kindling/common';
import { DriverFunction } from '../driver-function.js';
import type { DStream } from '../dstream.js';
import { ForEachDStream } from '../output-dstream.js';

const sinks = new Map<string, Array<{ time: number; records: unknown[] }>>();
const sorts = new Map<string, ((a: unknown, b: unknown) => number) | undefined>();
let nextSink = 0;

/** The output function of sink `sinkId`; a builtin, so a graph recovered in this process writes to the same sink. */
function collectInto(sinkId: string) {
  return async (rdd: RDD<unknown>, time: number): Promise<void> => {
    const records = await rdd.collect();
    const sort = sorts.get(sinkId);
    if (sort !== undefined) records.sort(sort);
    sinks.get(sinkId)?.push({ time, records });
  };
}

registerBuiltin('test.collectOutput', collectInto);

export interface CollectedOutput<T> {
  readonly sinkId: string;
  /** Each batch's records, in batch order (sorted with `sort` when given). */
  batches(): T[][];
  /** Each batch's time and records. */
  timedBatches(): Array<{ time: number; records: T[] }>;
  clear(): void;
}

export function collectOutput<T>(stream: DStream<T>, sort?: (a: T, b: T) => number): CollectedOutput<T> {
  const sinkId = `sink-${nextSink++}`;
  const entries: Array<{ time: number; records: unknown[] }> = [];
  sinks.set(sinkId, entries);
  sorts.set(sinkId, sort as ((a: unknown, b: unknown) => number) | undefined);
  const fn = DriverFunction.builtin(collectInto(sinkId), builtinRef('test.collectOutput', sinkId));
  stream.ssc.graph.addOutputStream(new ForEachDStream<T>(stream.ssc, stream, fn, 'collectOutput') as ForEachDStream<unknown>);
  const ordered = (): Array<{ time: number; records: T[] }> => [...entries].sort((a, b) => a.time - b.time) as Array<{ time: number; records: T[] }>;
  return {
    sinkId,
    batches: () => ordered().map((e) => e.records),
    timedBatches: ordered,
    clear: () => {
      entries.length = 0;
    },
  };
}
