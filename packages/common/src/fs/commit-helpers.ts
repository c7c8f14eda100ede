/**
 * How checkpoint writers put files in place on any FileSystem (STYLE.md §6,
 * reference/spark-checkpointing.md §1–2):
 *
 * - `writeAtomically`: never write a checkpoint in place (HDFS exposes a file while
 *   it is written, and CREATE with overwrite=true deletes the old one at once). Write
 *   `.<name>.tmp-<uuid>` beside it with overwrite=false, then one atomic rename.
 * - `commitTaskAttempt`: Spark's "first writer wins" for task attempts writing the
 *   same partition file.
 * - `readNewestValid`: Spark's checkpoint reader — newest first, the first that
 *   decodes wins, each failure logged.
 */
import { randomUUID } from 'node:crypto';
import { CheckpointError, InvalidArgumentError } from '../errors/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import type { FileData, FileSystem } from './file-system.js';
import { Path } from './fs-path.js';

export interface CommitOptions {
  readonly logger?: Logger;
}

/** The temp name `writeAtomically` uses for `path`: hidden, unique, in the same directory (so the rename stays in one directory). */
export function atomicTempPath(path: string): string {
  const parent = Path.parent(path);
  if (parent === undefined) throw new InvalidArgumentError(`Cannot write the root directory ${path} as a file`, { path });
  return Path.join(parent, `.${Path.name(path)}.tmp-${randomUUID()}`);
}

/**
 * Writes `data` so that readers of `path` see the old file or the complete new one,
 * never a part: temp file (overwrite=false), then `renameOverwrite`. On failure the
 * temp file is deleted (best effort) and the typed error rethrown; `path` is untouched.
 */
export async function writeAtomically(fs: FileSystem, path: string, data: FileData, options: CommitOptions = {}): Promise<void> {
  const tempPath = atomicTempPath(path);
  try {
    await fs.writeFile(tempPath, data, { overwrite: false });
    await fs.renameOverwrite(tempPath, path);
  } catch (error) {
    await fs.delete(tempPath).catch((cleanupError: unknown) => {
      (options.logger ?? silentLogger()).warn({ err: cleanupError, path: tempPath }, `Error deleting temporary file ${tempPath}`);
    });
    throw error;
  }
}

export type TaskCommitOutcome = 'committed' | 'lost-race';

export interface TaskCommitOptions extends CommitOptions {
  /** Names the attempt in the error message, e.g. "stage 3.0, partition 7, attempt 1". */
  readonly task?: string;
}

/**
 * Renames a task attempt's temp file to its final name, first writer wins
 * (ReliableCheckpointRDD.writePartitionToCheckpointFile): when the rename fails and
 * the final file exists, another attempt committed first — the temp file is deleted
 * and 'lost-race' returned; when it fails and the final file does not exist, the
 * commit failed: the temp file is deleted and a CheckpointError thrown.
 */
export async function commitTaskAttempt(
  fs: FileSystem,
  tempPath: string,
  finalPath: string,
  options: TaskCommitOptions = {},
): Promise<TaskCommitOutcome> {
  const logger = options.logger ?? silentLogger();
  if (await fs.rename(tempPath, finalPath)) return 'committed';
  if (await fs.exists(finalPath)) {
    logger.info(`Final output path ${finalPath} already exists; not overwriting it`);
    const deleted = await fs.delete(tempPath).catch(() => false);
    if (!deleted) logger.warn(`Error deleting ${tempPath}`);
    return 'lost-race';
  }
  logger.info(`Deleting tempOutputPath ${tempPath}`);
  await fs.delete(tempPath).catch(() => false);
  throw new CheckpointError(
    `Checkpoint failed: failed to save output of task: ${options.task ?? tempPath} and final output path does not exist: ${finalPath}`,
    { path: finalPath },
  );
}

export interface ReadNewestOptions extends CommitOptions {
  /** The checkpoint directory, for the message when every candidate fails. */
  readonly directory?: string;
}

/**
 * Tries `candidates` in the given order (newest first) and returns the first that
 * reads and decodes; logs "Error reading checkpoint from file F" for each failure.
 * undefined when there are no candidates; a CheckpointError when all fail.
 */
export async function readNewestValid<T>(
  fs: FileSystem,
  candidates: readonly string[],
  decode: (bytes: Buffer, path: string) => T | Promise<T>,
  options: ReadNewestOptions = {},
): Promise<{ readonly path: string; readonly value: T } | undefined> {
  if (candidates.length === 0) return undefined;
  const logger = options.logger ?? silentLogger();
  let newestError: unknown;
  for (const path of candidates) {
    try {
      const bytes = await fs.readFile(path);
      return { path, value: await decode(bytes, path) };
    } catch (error) {
      newestError ??= error;
      logger.warn({ err: error, path }, `Error reading checkpoint from file ${path}`);
    }
  }
  const where = options.directory === undefined ? `any of ${candidates.length} files` : `directory ${options.directory}`;
  const reason = newestError instanceof Error ? newestError.message : String(newestError);
  throw new CheckpointError(`Failed to read checkpoint from ${where}: ${candidates.length} tried, the newest failed with: ${reason}`, {
    cause: newestError,
    ...(options.directory === undefined ? {} : { path: options.directory }),
  });
}
