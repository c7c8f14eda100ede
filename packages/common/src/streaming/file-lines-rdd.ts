/**
 * The lines of a list of files on any FileSystem (file://, webhdfs://, hdfs://), one
 * partition per file: what one batch of a file stream reads (Spark's FileInputDStream
 * makes one Hadoop RDD per new file and unions them). The bytes are read through the
 * file system in the async `prepare` pass, so `compute` only iterates lines; a line
 * ends at "\n" (a preceding "\r" is dropped), and a final line without one counts.
 *
 * Whole files rather than byte splits: a file stream's files are the small,
 * completed files that a writer moved into the directory once a batch; splitting
 * them would cost a ranged read per split over WebHDFS for nothing.
 */
import { getFileSystem } from '../fs/index.js';
import { KindlingError } from '../errors/index.js';
import type { Partition } from '../rdd/partition.js';
import { getPrepared, setPrepared } from '../rdd/prepared.js';
import type { RddContext } from '../rdd/rdd-context.js';
import { RDD } from '../rdd/rdd.js';
import { registerRddKind } from '../rdd/rdd-registry.js';
import type { TaskContext } from '../rdd/task-context.js';

interface FilePartition extends Partition {
  readonly file: string;
}

export class FileLinesRDD extends RDD<string> {
  readonly kind = 'FileLinesRDD';

  constructor(
    context: RddContext,
    readonly files: readonly string[],
    id?: number,
  ) {
    super(context, 'textFileStream', id);
  }

  protected getPartitions(): readonly Partition[] {
    return this.files.map((file, index): FilePartition => ({ index, file }));
  }

  override async prepare(split: Partition, context: TaskContext): Promise<void> {
    const { file } = split as FilePartition;
    let bytes: Buffer;
    try {
      bytes = await getFileSystem(file).readFile(file);
    } catch (error) {
      throw KindlingError.from(error, `Cannot read the stream's input file ${file}`);
    }
    setPrepared(context, this.id, split.index, splitLines(bytes.toString('utf8')));
  }

  compute(split: Partition, context: TaskContext): Iterator<string> {
    const lines = getPrepared<string[]>(context, this.id, split.index);
    if (lines === undefined) throw new Error(`FileLinesRDD[${this.id}] partition ${split.index} was computed before it was prepared`);
    context.metrics.recordsRead += lines.length;
    return lines[Symbol.iterator]();
  }

  protected planData(): unknown {
    return { files: this.files };
  }
}

export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

registerRddKind('FileLinesRDD', (plan, _parents, context) => new FileLinesRDD(context, (plan.data as { files: string[] }).files, plan.id));
