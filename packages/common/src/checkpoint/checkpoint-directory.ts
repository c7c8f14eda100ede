/**
 * Reading and completing an RDD's checkpoint directory on the driver: which part
 * files are committed, and, once all are, the `_partitioner` and `_metadata` files;
 * for `checkpointFile`, the checks that a directory holds a complete checkpoint.
 * Spark's messages where Spark has one (reference/spark-checkpointing.md §1).
 */
import { CheckpointError, FileNotFoundError } from '../errors/index.js';
import { getFileSystem, Path, writeAtomically, type FileSystem } from '../fs/index.js';
import type { Logger } from '../log/index.js';
import type { PartitionerPlan } from './partitioner-plan.js';
import { looksLikePartFile, METADATA_FILE, parsePartFileName, partFilePath, PARTITIONER_FILE } from './checkpoint-files.js';
import {
  decodeCheckpointMetadata,
  decodePartitionerPlan,
  encodeCheckpointMetadata,
  encodePartitionerPlan,
  type RddCheckpointMetadata,
} from './checkpoint-metadata.js';

/**
 * The committed part files of `rddDir`: partition index → bytes. Temp files (hidden)
 * and `_files` are not parts; a `part-` name that is not `part-%05d` is an error, as
 * in Spark ("Invalid checkpoint file"). A missing directory has no parts.
 */
export async function listCommittedParts(fs: FileSystem, rddDir: string): Promise<Map<number, number>> {
  const parts = new Map<number, number>();
  let entries;
  try {
    entries = await fs.list(rddDir);
  } catch (error) {
    if (error instanceof FileNotFoundError) return parts;
    throw error;
  }
  for (const entry of entries) {
    if (entry.type !== 'FILE' || !looksLikePartFile(entry.name)) continue;
    const index = parsePartFileName(entry.name);
    if (index === undefined) throw new CheckpointError(`Invalid checkpoint file: ${entry.path}`, { path: entry.path });
    parts.set(index, entry.length);
  }
  return parts;
}

/**
 * Completes a checkpoint whose `numPartitions` parts are all committed: `_partitioner`
 * first (best effort, as Spark: a failure only warns), `_metadata` last and atomically,
 * so that a directory with `_metadata` is a complete checkpoint.
 */
export async function completeCheckpointDirectory(
  rddDir: string,
  metadata: RddCheckpointMetadata,
  partitioner: PartitionerPlan | undefined,
  logger: Logger,
): Promise<RddCheckpointMetadata> {
  const fs = getFileSystem(rddDir);
  let hasPartitioner = false;
  if (partitioner !== undefined) {
    try {
      await writeAtomically(fs, Path.join(rddDir, PARTITIONER_FILE), encodePartitionerPlan(partitioner), { logger });
      hasPartitioner = true;
    } catch (error) {
      logger.warn({ err: error }, `Error writing partitioner ${partitioner.kind}(${partitioner.numPartitions}) to ${rddDir}`);
    }
  }
  const complete = { ...metadata, hasPartitioner };
  await writeAtomically(fs, Path.join(rddDir, METADATA_FILE), encodeCheckpointMetadata(complete), { logger });
  return complete;
}

export interface CheckpointDirectoryContents {
  readonly rddDir: string;
  readonly metadata: RddCheckpointMetadata;
  /** undefined when there is none, or when it could not be read (a warning was logged). */
  readonly partitioner: PartitionerPlan | undefined;
}

/**
 * Reads a checkpoint directory for `checkpointFile`, refusing anything that is not a
 * complete, intact checkpoint with a CheckpointError that names the file at fault.
 */
export async function readCheckpointDirectory(rddDir: string, logger: Logger): Promise<CheckpointDirectoryContents> {
  const fs = getFileSystem(rddDir);
  if (!(await fs.exists(rddDir))) throw new CheckpointError(`Checkpoint directory does not exist: ${rddDir}`, { path: rddDir });
  const parts = await listCommittedParts(fs, rddDir);
  const metadataPath = Path.join(rddDir, METADATA_FILE);
  let metadataBytes: Buffer;
  try {
    metadataBytes = await fs.readFile(metadataPath);
  } catch (error) {
    if (!(error instanceof FileNotFoundError)) throw error;
    throw new CheckpointError(
      `Checkpoint directory ${rddDir} has no ${METADATA_FILE}: the checkpoint is incomplete (the application that wrote it stopped or failed before every partition was committed); checkpoint the RDD again`,
      { path: metadataPath, cause: error },
    );
  }
  const metadata = decodeCheckpointMetadata(metadataBytes, metadataPath);
  checkPartsAgainstMetadata(rddDir, parts, metadata, metadataPath);
  const partitioner = metadata.hasPartitioner ? await readPartitioner(fs, rddDir, logger) : undefined;
  return { rddDir, metadata, partitioner };
}

function checkPartsAgainstMetadata(rddDir: string, parts: ReadonlyMap<number, number>, metadata: RddCheckpointMetadata, metadataPath: string): void {
  for (let i = 0; i < metadata.numPartitions; i++) {
    const size = parts.get(i);
    if (size === undefined) throw missingPart(partFilePath(rddDir, i), metadata.numPartitions, metadataPath);
    const expected = metadata.partSizes[i]!;
    if (size !== expected) throw resizedPart(partFilePath(rddDir, i), size, expected, metadataPath);
  }
  for (const index of parts.keys()) {
    if (index >= metadata.numPartitions) {
      const path = partFilePath(rddDir, index);
      throw new CheckpointError(`Invalid checkpoint file: ${path} (${metadataPath} records only ${metadata.numPartitions} partitions)`, { path });
    }
  }
}

export function missingPart(path: string, numPartitions: number, metadataPath: string): CheckpointError {
  return new CheckpointError(
    `Checkpoint file ${path} is missing: ${metadataPath} records ${numPartitions} partitions; the checkpoint was damaged after it was written, checkpoint the RDD again`,
    { path },
  );
}

export function resizedPart(path: string, actual: number, expected: number, metadataPath: string): CheckpointError {
  return new CheckpointError(
    `Checkpoint file ${path} has ${actual} bytes where ${metadataPath} records ${expected}: it was truncated or modified after the checkpoint was written`,
    { path },
  );
}

/** Spark's behaviour: an unreadable partitioner is a warning, and the data is still recovered. */
async function readPartitioner(fs: FileSystem, rddDir: string, logger: Logger): Promise<PartitionerPlan | undefined> {
  const path = Path.join(rddDir, PARTITIONER_FILE);
  try {
    return decodePartitionerPlan(await fs.readFile(path), path);
  } catch (error) {
    warnPartitionerNotRecovered(logger, rddDir, error);
    return undefined;
  }
}

export function warnPartitionerNotRecovered(logger: Logger, rddDir: string, error: unknown): void {
  logger.warn({ err: error }, `Error reading partitioner from ${rddDir}, partitioner will not be recovered which may lead to performance loss`);
}
