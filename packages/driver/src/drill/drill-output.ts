/**
 * Reading what a drill's job wrote with saveAsTextFiles: one directory per batch,
 * `<prefix>-<timeMs>/part-NNNNN`, on any file system. Hidden directories (a batch
 * being written) and `_SUCCESS` markers are skipped.
 */
import { getFileSystem, type FileStatus } from '@kindling/common';

export interface BatchOutput {
  readonly time: number;
  readonly path: string;
  readonly modificationTime: number;
}

/** The committed batch directories of `prefix` (e.g. `…/out/hits`), in time order. */
export async function listBatchOutputs(prefix: string): Promise<BatchOutput[]> {
  const slash = prefix.lastIndexOf('/');
  const parent = prefix.slice(0, slash);
  const base = prefix.slice(slash + 1);
  let entries: FileStatus[];
  try {
    entries = await getFileSystem(parent).list(parent);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'NOT_FOUND') return [];
    throw error;
  }
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`);
  const batches: BatchOutput[] = [];
  for (const entry of entries) {
    const match = entry.type === 'DIRECTORY' ? pattern.exec(entry.name) : null;
    if (match !== null) batches.push({ time: Number(match[1]), path: entry.path, modificationTime: entry.modificationTime });
  }
  return batches.sort((a, b) => a.time - b.time);
}

/** The lines of one batch directory's part files. */
export async function readBatchLines(dir: string): Promise<string[]> {
  const fs = getFileSystem(dir);
  const lines: string[] = [];
  for (const entry of await fs.list(dir)) {
    if (entry.type !== 'FILE' || !entry.name.startsWith('part-')) continue;
    const text = (await fs.readFile(entry.path)).toString('utf8');
    for (const line of text.split('\n')) if (line !== '') lines.push(line);
  }
  return lines;
}

/** Multiset difference: how many of each line `a` has beyond `b`, as a count. */
export function missingFrom(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const line of b) counts.set(line, (counts.get(line) ?? 0) + 1);
  let missing = 0;
  for (const line of a) {
    const n = counts.get(line) ?? 0;
    if (n === 0) missing++;
    else counts.set(line, n - 1);
  }
  return missing;
}
