/**
 * Names inside a checkpoint directory, as Spark names them
 * (reference/spark-checkpointing.md §1), so that a Spark user recognises the layout:
 *
 *   <setCheckpointDir>/<uuid>/rdd-<rddId>/
 *     part-00000 … part-NNNNN              one framed file per partition
 *     _partitioner                         only when the RDD has a partitioner
 *     _metadata                            Kindling's: partition count and file sizes
 *     .part-00000-attempt-<taskAttemptId>  a task attempt's temp file
 *
 * `_metadata` is Kindling's addition: Spark cannot tell a missing trailing part file
 * from a shorter RDD, Kindling can.
 */
import { Path } from '../fs/index.js';

export const PARTITIONER_FILE = '_partitioner';
export const METADATA_FILE = '_metadata';

/** `rdd-<id>`: the directory of one RDD's checkpoint under the context's checkpoint dir. */
export function rddCheckpointDirName(rddId: number): string {
  return `rdd-${rddId}`;
}

/** Spark's `part-%05d`; indexes past 99999 simply get more digits, as %05d does. */
export function partFileName(partitionIndex: number): string {
  return `part-${String(partitionIndex).padStart(5, '0')}`;
}

/**
 * A task attempt's temp file (SPARK-31484): named by the attempt id, which is unique
 * in the application, so a retried attempt never collides with the leftover of a
 * killed one. Hidden (leading dot), so that readers listing `part-*` never see it.
 */
export function partTempFileName(partitionIndex: number, taskAttemptId: number): string {
  return `.${partFileName(partitionIndex)}-attempt-${taskAttemptId}`;
}

export function partFilePath(rddDir: string, partitionIndex: number): string {
  return Path.join(rddDir, partFileName(partitionIndex));
}

const partPattern = /^part-(\d{5,})$/;

/** The partition index of a `part-%05d` name; undefined for any other name (temp files, `_partitioner`). */
export function parsePartFileName(name: string): number | undefined {
  const match = partPattern.exec(name);
  if (match === null) return undefined;
  const index = Number(match[1]);
  // part-%05d never pads beyond five digits: "part-000001" is not a name we wrote.
  return partFileName(index) === name ? index : undefined;
}

/** Whether a directory entry is a part file by Spark's filter (`part-` prefix); checked strictly by parsePartFileName. */
export function looksLikePartFile(name: string): boolean {
  return name.startsWith('part-');
}
