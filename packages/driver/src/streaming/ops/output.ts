/**
 * Output operations (Spark's DStream.foreachRDD and print): each registers an output
 * stream, which becomes one job per batch. `foreachRDD`'s function runs on the
 * driver, may be async, and may run actions on the batch's RDD.
 */
import { builtinRef, InvalidArgumentError, registerBuiltin, type RDD } from '@kindling/common';
import { DriverFunction } from '../driver-function.js';
import { DStream } from '../dstream.js';
import { formatBatchTime } from '../duration.js';
import { ForEachDStream, type ForeachRDDFunction } from '../output-dstream.js';

declare module '../dstream.js' {
  interface DStream<T> {
    /** Runs `f(rdd, time)` on the driver for every batch; `f` may be async. */
    foreachRDD(f: (rdd: RDD<T>, time: number) => void | Promise<void>): void;
    /** Prints the first `num` records of every batch (Spark's print: a header with the batch time). */
    print(num?: number): void;
  }
}

DStream.prototype.foreachRDD = function <T>(this: DStream<T>, f: ForeachRDDFunction<T>): void {
  const fn = DriverFunction.of(f, 'foreachRDD', this.ssc.kindlingContext);
  this.ssc.graph.addOutputStream(new ForEachDStream<T>(this.ssc, this, fn, 'foreachRDD') as ForEachDStream<unknown>);
};

/** print's output function, a builtin so that a recovered graph prints the same way. */
function printBatch(num: number) {
  return async (rdd: RDD<unknown>, time: number): Promise<void> => {
    const first = await rdd.take(num + 1);
    process.stdout.write(formatPrintedBatch(first, num, time));
  };
}

registerBuiltin('dstream.print', printBatch);

DStream.prototype.print = function <T>(this: DStream<T>, num = 10): void {
  if (!Number.isInteger(num) || num < 1) throw new InvalidArgumentError(`print expects a positive number of records, got ${String(num)}`);
  const fn = DriverFunction.builtin(printBatch(num), builtinRef('dstream.print', num));
  this.ssc.graph.addOutputStream(new ForEachDStream<T>(this.ssc, this, fn, 'print') as ForEachDStream<unknown>);
};

/** Spark's print layout; records shown as Spark shows them: tuples as `(a,b)`, objects as JSON. */
export function formatPrintedBatch(records: readonly unknown[], num: number, time: number): string {
  const rule = '-------------------------------------------';
  const lines = [rule, `Time: ${formatBatchTime(time)}`, rule, ...records.slice(0, num).map(formatRecord)];
  if (records.length > num) lines.push('...');
  return `${lines.join('\n')}\n\n`;
}

export function formatRecord(record: unknown): string {
  if (typeof record === 'string') return record;
  if (Array.isArray(record)) return `(${record.map(formatRecord).join(',')})`;
  if (record instanceof Date) return record.toISOString();
  if (typeof record === 'object' && record !== null) {
    try {
      return JSON.stringify(record);
    } catch {
      return String(record);
    }
  }
  return String(record);
}
