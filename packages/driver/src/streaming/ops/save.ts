/**
 * saveAsTextFiles (Spark's DStream.saveAsTextFiles): an output operation writing each
 * batch to `prefix-<timeMs>[.suffix]/part-NNNNN`, atomically and replacing a previous
 * run of the same batch (batch-text-output.ts), on any FileSystem URI.
 */
import { builtinRef, InvalidArgumentError, registerBuiltin, silentLogger, type Logger, type RDD } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import { batchOutputPath, saveBatchAsTextFiles } from '../batch-text-output.js';
import { DriverFunction } from '../driver-function.js';
import { DStream } from '../dstream.js';
import { ForEachDStream } from '../output-dstream.js';

declare module '../dstream.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the augmentation must repeat the class's type parameter
  interface DStream<T> {
    /** Writes every batch as text to `prefix-<timeMs>[.suffix]` (a directory of part files), replacing it when the batch runs again. */
    saveAsTextFiles(prefix: string, suffix?: string): void;
  }
}

function saveBatches(prefix: string, suffix: string, logger: Logger) {
  return (rdd: RDD<unknown>, time: number): Promise<void> => saveBatchAsTextFiles(rdd, batchOutputPath(prefix, suffix, time), logger);
}

// A builtin, so that a graph recovered from a checkpoint saves the same way (it logs through the running driver's context).
registerBuiltin('dstream.saveAsTextFiles', (prefix: string, suffix: string) => saveBatches(prefix, suffix, KindlingContext.getActive()?.logger ?? silentLogger()));

DStream.prototype.saveAsTextFiles = function <T>(this: DStream<T>, prefix: string, suffix = ''): void {
  if (typeof prefix !== 'string' || prefix.trim() === '') {
    throw new InvalidArgumentError('saveAsTextFiles expects a path prefix such as file:///data/out/counts or webhdfs://namenode:9870/out/counts');
  }
  if (typeof suffix !== 'string') throw new InvalidArgumentError(`saveAsTextFiles expects the suffix to be a string such as "txt", got ${typeof suffix}`);
  const fn = DriverFunction.builtin(saveBatches(prefix, suffix, this.ssc.logger), builtinRef('dstream.saveAsTextFiles', prefix, suffix));
  this.ssc.graph.addOutputStream(new ForEachDStream<T>(this.ssc, this, fn, 'saveAsTextFiles') as ForEachDStream<unknown>);
};
