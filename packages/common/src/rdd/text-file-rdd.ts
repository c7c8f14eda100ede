/**
 * The lines of text files (Spark's textFile over Hadoop's TextInputFormat), for
 * `file://` paths (or plain local paths) to a file or a directory of files.
 *
 * Splits are byte ranges cut as Hadoop's FileInputFormat cuts them (goal size
 * total / minPartitions, at most 32 MB, a last split up to 10% larger). A line
 * belongs to the split in which it starts, by Hadoop's rule: a split after the
 * first skips the line it starts inside of (its predecessor reads it), and reads
 * every line that starts at or before its end. So every line is read exactly once.
 *
 * Splits are computed on the driver and shipped in the plan; the bytes are read in
 * `prepare`, so `compute` only iterates lines.
 */
import { readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileNotFoundError, InvalidArgumentError, KindlingError } from '../errors/index.js';
import type { Partition } from './partition.js';
import { getPrepared, setPrepared } from './prepared.js';
import type { RddContext } from './rdd-context.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

export interface FileSplit {
  readonly file: string;
  readonly start: number;
  readonly length: number;
}

interface TextFilePartition extends Partition {
  readonly split: FileSplit;
}

const MAX_SPLIT_BYTES = 32 * 1024 * 1024;
const SPLIT_SLOP = 1.1;
const READ_CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

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
    this.splits = options.splits ?? computeSplits(localPath(path), minPartitions);
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

/** A local file system path from `file:///x` or `/x`; other schemes are not readable here yet. */
export function localPath(path: string): string {
  if (path.startsWith('file:')) return fileURLToPath(path);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new InvalidArgumentError(`textFile reads file:// paths only for now, got ${path}`);
  }
  return path;
}

export function computeSplits(path: string, minPartitions: number): FileSplit[] {
  if (!Number.isInteger(minPartitions) || minPartitions < 1) {
    throw new InvalidArgumentError(`minPartitions must be a positive integer, got ${minPartitions}`);
  }
  const files = listInputFiles(path);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const goal = total / minPartitions;
  const splitSize = Math.max(1, Math.min(goal, MAX_SPLIT_BYTES));
  const splits: FileSplit[] = [];
  for (const { file, size } of files) {
    let remaining = size;
    while (remaining / splitSize > SPLIT_SLOP) {
      const length = Math.ceil(splitSize);
      splits.push({ file, start: size - remaining, length });
      remaining -= length;
    }
    if (remaining > 0 || size === 0) splits.push({ file, start: size - remaining, length: remaining });
  }
  return splits;
}

/** The file, or the files of the directory (sorted; hidden and `_`-prefixed ones skipped, as Hadoop does). */
function listInputFiles(path: string): Array<{ file: string; size: number }> {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new FileNotFoundError(`Input path does not exist: ${path}`, { cause: error, path });
  }
  if (!stat.isDirectory()) return [{ file: path, size: stat.size }];
  return readdirSync(path)
    .filter((name) => !name.startsWith('.') && !name.startsWith('_'))
    .sort()
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, size: statSync(file).size }));
}

/** The lines that start in (start, start + length] — or at 0 for the first split. */
export async function readSplitLines(split: FileSplit): Promise<string[]> {
  const { file, start, length } = split;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw KindlingError.from(error, `Cannot read ${file}`);
  }
  try {
    // Read the split and then on, chunk by chunk, until the line that starts at or
    // before `end` is complete (its newline is found) or the file ends.
    const chunks: Buffer[] = [];
    let read = 0;
    let position = start;
    for (;;) {
      const size = read <= length ? length - read + 1 : READ_CHUNK;
      const chunk = Buffer.alloc(size);
      const { bytesRead } = await handle.read(chunk, 0, size, position);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      read += bytesRead;
      position += bytesRead;
      if (read > length && chunk.subarray(Math.max(0, length - (read - bytesRead)), bytesRead).includes(NEWLINE)) break;
    }
    return linesOf(Buffer.concat(chunks), start, length);
  } finally {
    await handle.close();
  }
}

function linesOf(bytes: Buffer, start: number, length: number): string[] {
  const lines: string[] = [];
  let pos = 0;
  if (start !== 0) {
    const nl = bytes.indexOf(NEWLINE, 0);
    if (nl < 0) return lines;
    pos = nl + 1;
  }
  while (pos <= length && pos < bytes.length) {
    let nl = bytes.indexOf(NEWLINE, pos);
    if (nl < 0) nl = bytes.length;
    const lineEnd = nl > pos && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
    lines.push(bytes.toString('utf8', pos, lineEnd));
    pos = nl + 1;
  }
  return lines;
}

registerRddKind('TextFileRDD', (plan, _parents, context) => {
  const data = plan.data as { path: string; splits: FileSplit[] };
  return new TextFileRDD(context, data.path, 1, { id: plan.id, splits: data.splits });
});
