/**
 * The lines of text files (Spark's textFile over Hadoop's TextInputFormat), on any
 * FileSystem: `file://` (or plain local paths) and `webhdfs://`/`hdfs://` paths to a
 * file or a directory of files.
 *
 * Splits are byte ranges cut by file-splits.ts, at most one block each; a line is
 * read by exactly one split (split-line-reader.ts). They are computed on the driver
 * and shipped in the plan; the bytes are read in `prepare`, through the file system
 * of the split's URI, so `compute` only iterates lines.
 */
import { InvalidArgumentError } from '../errors/index.js';
import { computeSplits, defaultLocalBlockSize, listInputFiles, type FileSplit } from './file-splits.js';
import type { Partition } from './partition.js';
import { getPrepared, setPrepared } from './prepared.js';
import type { RddContext } from './rdd-context.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import { readSplitLines } from './split-line-reader.js';
import type { TaskContext } from './task-context.js';

export type { FileSplit } from './file-splits.js';

interface TextFilePartition extends Partition {
  readonly split: FileSplit;
}

/** Hadoop's `fs.local.block.size`, as Spark passes it (`spark.hadoop.fs.local.block.size`). */
export const localBlockSizeKey = 'kindling.hadoop.fs.local.block.size';

/** The block size Hadoop gives local files, from the context's conf. */
export function localBlockSize(context: RddContext): number {
  const bytes = context.conf.getInt(localBlockSizeKey, defaultLocalBlockSize);
  if (bytes < 1) throw new InvalidArgumentError(`Configuration ${localBlockSizeKey}=${bytes} must be a positive number of bytes (default ${defaultLocalBlockSize})`);
  return bytes;
}

export class TextFileRDD extends RDD<string> {
  readonly kind = 'TextFileRDD';
  private readonly splits: readonly FileSplit[];

  constructor(
    context: RddContext,
    readonly path: string,
    minPartitions: number = Math.min(context.defaultParallelism, 2),
    options: { readonly id?: number; readonly splits?: readonly FileSplit[] } = {},
  ) {
    super(context, 'textFile', options.id);
    this.splits = options.splits ?? computeSplits(listInputFiles(path, localBlockSize(context)), minPartitions);
  }

  protected getPartitions(): readonly Partition[] {
    return this.splits.map((split, index): TextFilePartition => ({ index, split }));
  }

  override async prepare(split: Partition, context: TaskContext): Promise<void> {
    setPrepared(context, this.id, split.index, await readSplitLines((split as TextFilePartition).split));
  }

  compute(split: Partition, context: TaskContext): Iterator<string> {
    const lines = getPrepared<string[]>(context, this.id, split.index);
    if (lines === undefined) throw new Error(`TextFileRDD[${this.id}] partition ${split.index} was computed before it was prepared`);
    context.metrics.recordsRead += lines.length;
    return lines[Symbol.iterator]();
  }

  protected planData(): unknown {
    return { path: this.path, splits: this.splits };
  }
}

registerRddKind('TextFileRDD', (plan, _parents, context) => {
  const data = plan.data as { path: string; splits: FileSplit[] };
  return new TextFileRDD(context, data.path, 1, { id: plan.id, splits: data.splits });
});
