/**
 * Reads the newest valid metadata checkpoint of a directory (Spark's
 * CheckpointReader): files newest first — `checkpoint-<t>`, then its `.bk`, then
 * older times — and the first that decodes and passes its checksum wins. Each file
 * that fails is logged with the reason ("Error reading checkpoint from file F"), and
 * returned too, so `kindling checkpoint inspect` can list them.
 */
import { CheckpointError, decodeStreamingCheckpoint, ErrorCode, getFileSystem, KindlingError, type Logger, type StreamingCheckpoint__Output } from '@kindling/common';
import { listCheckpointFiles } from './checkpoint-files.js';

export interface CheckpointReadResult {
  /** undefined when the directory has no checkpoint file at all. */
  readonly checkpoint: StreamingCheckpoint__Output | undefined;
  readonly file: string | undefined;
  readonly size: number;
  /** Files tried before the one read (or all of them), with why each failed. */
  readonly unreadable: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
}

export async function readCheckpoint(checkpointDir: string, logger: Logger): Promise<CheckpointReadResult> {
  const files = await listCheckpointFiles(checkpointDir);
  const fs = getFileSystem(checkpointDir);
  const unreadable: Array<{ file: string; reason: string }> = [];
  for (const { path } of files) {
    try {
      const bytes = await fs.readFile(path);
      const checkpoint = decodeStreamingCheckpoint(bytes, path);
      if (unreadable.length > 0) logger.warn(`Recovered from checkpoint file ${path} after ${unreadable.length} unreadable newer file(s): ${unreadable.map((u) => u.file).join(', ')}`);
      return { checkpoint, file: path, size: bytes.length, unreadable };
    } catch (error) {
      // Storage that cannot be reached says nothing about the file: fail (a supervised
      // driver is restarted and tries again) rather than call every file unreadable.
      const code = KindlingError.from(error).code;
      if (code === ErrorCode.Unavailable || code === ErrorCode.DeadlineExceeded) throw error;
      const reason = KindlingError.from(error).message;
      logger.warn({ err: error }, `Error reading checkpoint from file ${path}: ${reason}`);
      unreadable.push({ file: path, reason });
    }
  }
  return { checkpoint: undefined, file: undefined, size: 0, unreadable };
}

/** The newest valid checkpoint, undefined when there is none; throws Spark's error when there are files but none is readable. */
export async function readCheckpointOrFail(checkpointDir: string, logger: Logger): Promise<CheckpointReadResult> {
  const result = await readCheckpoint(checkpointDir, logger);
  if (result.checkpoint === undefined && result.unreadable.length > 0) {
    throw new CheckpointError(
      `Failed to read checkpoint from directory ${checkpointDir}: none of its ${result.unreadable.length} checkpoint file(s) is readable (newest: ${result.unreadable[0]!.reason})`,
      { path: checkpointDir },
    );
  }
  return result;
}
