/**
 * Changing the number of partitions (Spark's coalesce, repartition) and numbering
 * records (zipWithIndex).
 */
import { InvalidArgumentError } from '../../errors/index.js';
import { builtinRef, registerBuiltin } from '../../functions/index.js';
import { CoalescedRDD } from '../coalesced-rdd.js';
import { MapPartitionsRDD } from '../map-partitions-rdd.js';
import { PartitionIdPassthrough } from '../passthrough-partitioner.js';
import { seededRandom } from '../range-partitioner.js';
import { RDD } from '../rdd.js';
import { ShuffledRDD } from '../shuffled-rdd.js';
import { ZippedWithIndexRDD } from '../zipped-with-index-rdd.js';

declare module '../rdd.js' {
  interface RDD<T> {
    /** Fewer partitions by merging neighbours (no shuffle), or any number with `shuffle`. */
    coalesce(numPartitions: number, shuffle?: boolean): RDD<T>;
    /** Exactly `numPartitions`, records spread evenly by a shuffle. */
    repartition(numPartitions: number): RDD<T>;
    /** Each record with its position in the RDD; runs a job to count partitions first when there are several. */
    zipWithIndex(): RDD<[T, number]>;
  }
}

// Spark's distributePartition: start at a position seeded by the partition index and
// deal records round-robin from there, so every input partition spreads evenly.
registerBuiltin('rdd.distributePartition', (numPartitions: number) =>
  function* distributePartition(records: Iterator<unknown>, index: number) {
    let position = Math.floor(seededRandom(index)() * numPartitions);
    for (let r = records.next(); !r.done; r = records.next()) {
      yield [position, r.value];
      position = (position + 1) % numPartitions;
    }
  },
);

RDD.prototype.coalesce = function <T>(this: RDD<T>, numPartitions: number, shuffle = false): RDD<T> {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new InvalidArgumentError(`Number of partitions (${numPartitions}) must be a positive integer`);
  }
  if (!shuffle) return new CoalescedRDD(this, numPartitions);
  const keyed = new MapPartitionsRDD<[number, T], T>(this, builtinRef('rdd.distributePartition', numPartitions), false, 'coalesce');
  return new ShuffledRDD<number, T, T>(keyed, new PartitionIdPassthrough(numPartitions), { scope: 'coalesce' }).values();
};

RDD.prototype.repartition = function <T>(this: RDD<T>, numPartitions: number): RDD<T> {
  return this.coalesce(numPartitions, true);
};

RDD.prototype.zipWithIndex = function <T>(this: RDD<T>): RDD<[T, number]> {
  return new ZippedWithIndexRDD(this);
};
