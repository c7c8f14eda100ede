/**
 * toDebugString in Spark's format: one line per RDD, `(n)` partition counts at the
 * top and at every shuffle boundary (` +-(n) `), `|` rails for the RDDs of the same
 * stage, and the storage level in brackets:
 *
 *   (2) ShuffledRDD[4] at reduceByKey []
 *    +-(3) MapPartitionsRDD[3] at map []
 *       |  ParallelCollectionRDD[0] at parallelize []
 *
 * Spark builds it recursively; this walks an explicit stack so that a lineage of
 * thousands of RDDs prints instead of overflowing the call stack.
 */
import { ShuffleDependency } from '../dependency.js';
import { RDD } from '../rdd.js';

declare module '../rdd.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- T must be declared for the interface to merge with RDD<T>
  interface RDD<T> {
    toDebugString(): string;
  }
}

interface Frame {
  readonly rdd: RDD<unknown>;
  readonly prefix: string;
  readonly isShuffle: boolean;
  readonly isLastChild: boolean;
  readonly first: boolean;
}

function describe(rdd: RDD<unknown>): string {
  return `${rdd.toString()} [${rdd.storageLevel.description}]`;
}

/** The rail under a `(n)` label: the `|` sits under the label's middle. */
function rail(partitionLabel: string): string {
  const leftOffset = Math.floor((partitionLabel.length - 1) / 2);
  return `${' '.repeat(leftOffset)}|${' '.repeat(partitionLabel.length - leftOffset)}`;
}

RDD.prototype.toDebugString = function <T>(this: RDD<T>): string {
  const lines: string[] = [];
  const stack: Frame[] = [{ rdd: this, prefix: '', isShuffle: false, isLastChild: true, first: true }];
  while (stack.length > 0) {
    const { rdd, prefix, isShuffle, isLastChild, first } = stack.pop()!;
    const label = `(${rdd.partitions.length})`;
    let childPrefix: string;
    if (first) {
      childPrefix = rail(label);
      lines.push(`${label} ${describe(rdd)}`);
    } else if (isShuffle) {
      const thisPrefix = prefix.replace(/\|\s+$/, '');
      childPrefix = `${thisPrefix}${isLastChild ? '  ' : '| '}${rail(label)}`;
      lines.push(`${thisPrefix}+-${label} ${describe(rdd)}`);
    } else {
      childPrefix = prefix;
      lines.push(`${prefix}${describe(rdd)}`);
    }
    const deps = rdd.dependencies;
    // Pushed in reverse so they print in dependency order.
    for (let i = deps.length - 1; i >= 0; i--) {
      const dep = deps[i]!;
      stack.push({ rdd: dep.rdd, prefix: childPrefix, isShuffle: dep instanceof ShuffleDependency, isLastChild: i === deps.length - 1, first: false });
    }
  }
  return lines.join('\n');
};
