/**
 * The input files of textFile and wholeTextFiles, and the byte ranges textFile cuts
 * them into, as Hadoop's FileInputFormat does: a path is a file or a directory of
 * files (hidden and `_`-prefixed entries skipped, so `_SUCCESS` and `.crc` files are
 * not read); each file is cut into splits of max(1, min(goal, blockSize)) bytes, goal
 * being total / minPartitions, with the last split up to 10% larger. So a file larger
 * than its file system's block size (HDFS's 128 MiB, the local 32 MiB) is read by one
 * task per block, as Spark reads it.
 *
 * Listing runs on the driver, synchronously (see sync-listing.ts for remote file
 * systems): an RDD's partitions must be known when an operator is defined on it.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FileNotFoundError, InvalidArgumentError } from '../errors/index.js';
import { listInputSync, parseFsUri, type FileStatus } from '../fs/index.js';

/** One input file: its URI (`file:///…`, `webhdfs://nn:9870/…`), length and block size. */
export interface InputFile {
  readonly file: string;
  readonly size: number;
  readonly blockSize: number;
}

/** A byte range of one file; a line belongs to the split in which it starts. */
export interface FileSplit {
  readonly file: string;
  readonly start: number;
  readonly length: number;
  /** Length of the whole file, so a reader never asks for bytes past its end. */
  readonly fileLength: number;
}

/** Hadoop's default block size of the local file system (fs.local.block.size). */
export const defaultLocalBlockSize = 32 * 1024 * 1024;
const SPLIT_SLOP = 1.1;

/**
 * The files of `path`, sorted by name. `localBlockSize` stands for the block size
 * Hadoop gives local files (`kindling.hadoop.fs.local.block.size`).
 */
export function listInputFiles(path: string, localBlockSize = defaultLocalBlockSize): InputFile[] {
  const { scheme, path: absolute } = parseFsUri(absoluteInputPath(path));
  if (scheme === '' || scheme === 'file') return listLocalFiles(absolute, localBlockSize);
  const { status, entries } = listInputSync(path);
  const files = status.type === 'DIRECTORY' ? entries.filter((e) => e.type === 'FILE' && isVisible(e.name)) : [status];
  return files.map((f: FileStatus) => ({ file: f.path, size: f.length, blockSize: f.blockSize > 0 ? f.blockSize : localBlockSize }));
}

export function computeSplits(files: readonly InputFile[], minPartitions: number): FileSplit[] {
  if (!Number.isInteger(minPartitions) || minPartitions < 1) {
    throw new InvalidArgumentError(`minPartitions must be a positive integer, got ${minPartitions}`);
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const goal = Math.floor(total / minPartitions);
  const splits: FileSplit[] = [];
  for (const { file, size, blockSize } of files) {
    const splitSize = Math.max(1, Math.min(goal, blockSize));
    let remaining = size;
    while (remaining / splitSize > SPLIT_SLOP) {
      splits.push({ file, start: size - remaining, length: splitSize, fileLength: size });
      remaining -= splitSize;
    }
    if (remaining > 0 || size === 0) splits.push({ file, start: size - remaining, length: remaining, fileLength: size });
  }
  return splits;
}

/**
 * A relative path is a local one, from the driver's working directory (an executor
 * may run elsewhere): made absolute here, once, before it goes into any plan.
 */
export function absoluteInputPath(path: string): string {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith('/') ? path : resolve(path);
}

function isVisible(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('_');
}

function listLocalFiles(path: string, blockSize: number): InputFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new FileNotFoundError(`Input path does not exist: ${path}`, { cause: error, path });
  }
  if (!stat.isDirectory()) return [{ file: `file://${path}`, size: stat.size, blockSize }];
  return readdirSync(path)
    .filter(isVisible)
    .sort()
    .map((name) => join(path, name))
    .map((file) => ({ file, stat: statSync(file) }))
    .filter(({ stat: s }) => s.isFile())
    .map(({ file, stat: s }) => ({ file: `file://${file}`, size: s.size, blockSize }));
}
