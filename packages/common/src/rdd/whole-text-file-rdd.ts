/**
 * Whole files as (URI, content) pairs (Spark's wholeTextFiles over
 * WholeTextFileInputFormat), on any FileSystem. Files are never split; they are
 * packed in name order into partitions of at most ceil(total / minPartitions) bytes
 * (a file larger than that gets a partition of its own), as Spark's
 * CombineFileInputFormat packs them when no locality applies. Files are read in
 * `prepare`, as UTF-8.
 */
import { InvalidArgumentError } from '../errors/index.js';
import { getFileSystem } from '../fs/index.js';
import { listInputFiles, type InputFile } from './file-splits.js';
import type { Partition } from './partition.js';
import { getPrepared, setPrepared } from './prepared.js';
import type { RddContext } from './rdd-context.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';
import { localBlockSize } from './text-file-rdd.js';

interface WholeTextFilePartition extends Partition {
  readonly files: readonly string[];
}

export class WholeTextFileRDD extends RDD<[string, string]> {
  readonly kind = 'WholeTextFileRDD';
  private readonly groups: readonly (readonly string[])[];

  constructor(
    context: RddContext,
    readonly path: string,
    minPartitions: number = Math.min(context.defaultParallelism, 2),
    options: { readonly id?: number; readonly groups?: readonly (readonly string[])[] } = {},
  ) {
    super(context, 'wholeTextFiles', options.id);
    this.groups = options.groups ?? packFiles(listInputFiles(path, localBlockSize(context)), minPartitions);
  }

  protected getPartitions(): readonly Partition[] {
    return this.groups.map((files, index): WholeTextFilePartition => ({ index, files }));
  }

  override async prepare(split: Partition, context: TaskContext): Promise<void> {
    const files = (split as WholeTextFilePartition).files;
    const pairs: Array<[string, string]> = [];
    for (const file of files) pairs.push([file, (await getFileSystem(file).readFile(file)).toString('utf8')]);
    setPrepared(context, this.id, split.index, pairs);
  }

  compute(split: Partition, context: TaskContext): Iterator<[string, string]> {
    const pairs = getPrepared<Array<[string, string]>>(context, this.id, split.index);
    if (pairs === undefined) throw new Error(`WholeTextFileRDD[${this.id}] partition ${split.index} was computed before it was prepared`);
    context.metrics.recordsRead += pairs.length;
    return pairs[Symbol.iterator]();
  }

  protected planData(): unknown {
    return { path: this.path, groups: this.groups };
  }
}

/** Files in name order, grouped while a group stays within ceil(total / minPartitions) bytes. */
export function packFiles(files: readonly InputFile[], minPartitions: number): string[][] {
  if (!Number.isInteger(minPartitions) || minPartitions < 1) {
    throw new InvalidArgumentError(`minPartitions must be a positive integer, got ${minPartitions}`);
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const maxSplitSize = Math.max(1, Math.ceil(total / minPartitions));
  const groups: string[][] = [];
  let current: string[] = [];
  let currentBytes = 0;
  for (const { file, size } of files) {
    if (current.length > 0 && currentBytes + size > maxSplitSize) {
      groups.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(file);
    currentBytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

registerRddKind('WholeTextFileRDD', (plan, _parents, context) => {
  const data = plan.data as { path: string; groups: string[][] };
  return new WholeTextFileRDD(context, data.path, 1, { id: plan.id, groups: data.groups });
});
