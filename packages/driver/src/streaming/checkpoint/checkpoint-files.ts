/**
 * The metadata checkpoint files of a streaming checkpoint directory, named as Spark
 * names them: `checkpoint-<timeMs>` and its backup `checkpoint-<timeMs>.bk`. Any
 * other file or directory there (RDD checkpoints, received data) is not one.
 */
import { getFileSystem, Path, type FileStatus } from '@kindling/common';

const CHECKPOINT_FILE = /^checkpoint-(\d+)(\.bk)?$/;

/** Spark's names: the file of batch `time`, its backup, and the temp file a write goes through first. */
export function checkpointFilePath(dir: string, time: number): string {
  return Path.join(dir, `checkpoint-${time}`);
}

export function checkpointBackupFilePath(dir: string, time: number): string {
  return Path.join(dir, `checkpoint-${time}.bk`);
}

export function checkpointTempFilePath(dir: string): string {
  return Path.join(dir, 'temp');
}

export interface CheckpointFile {
  readonly path: string;
  readonly time: number;
  readonly backup: boolean;
}

/** The checkpoint files of `dir`, newest first (a time's main file before its backup); none when `dir` is missing. */
export async function listCheckpointFiles(dir: string): Promise<CheckpointFile[]> {
  const fs = getFileSystem(dir);
  let entries: FileStatus[];
  try {
    entries = await fs.list(dir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'NOT_FOUND') return [];
    throw error;
  }
  const files: CheckpointFile[] = [];
  for (const entry of entries) {
    const match = entry.type === 'FILE' ? CHECKPOINT_FILE.exec(entry.name) : null;
    if (match !== null) files.push({ path: entry.path, time: Number(match[1]), backup: match[2] !== undefined });
  }
  return files.sort((a, b) => b.time - a.time || Number(a.backup) - Number(b.backup));
}
