/**
 * saveAsTextFile (Spark's, through Hadoop's FileOutputCommitter): a directory with
 * one `part-NNNNN` file per partition and an empty `_SUCCESS` once the job is done.
 * `file://` paths (or plain local paths) only for now.
 *
 * Each task attempt writes `_temporary/part-NNNNN-attempt-<taskAttemptId>` and renames
 * it into place; if the part file already exists another attempt won, and this one
 * deletes its file (STYLE.md §6). The driver refuses an existing directory, as Spark
 * does, and writes `_SUCCESS` last, so a reader that sees it sees every part.
 *
 * Records are written one per line: strings as they are, other values as JSON.
 */
import { link, mkdir, open, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileAlreadyExistsError, KindlingError } from '../../errors/index.js';
import { builtinRef, registerBuiltin } from '../../functions/index.js';
import { RDD } from '../rdd.js';
import type { TaskContext } from '../task-context.js';
import { localPath } from '../text-file-rdd.js';

declare module '../rdd.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- T must be declared for the interface to merge with RDD<T>
  interface RDD<T> {
    saveAsTextFile(path: string): Promise<void>;
  }
}

const FLUSH_BYTES = 1 << 20;

export function partFileName(partitionId: number): string {
  return `part-${String(partitionId).padStart(5, '0')}`;
}

function lineOf(record: unknown): string {
  if (typeof record === 'string') return record;
  if (typeof record === 'object' && record !== null) return JSON.stringify(record);
  return String(record);
}

registerBuiltin('rdd.saveAsTextFile', (dir: string) => async (records: Iterator<unknown>, context: TaskContext) => {
  const name = partFileName(context.partitionId);
  const temp = join(dir, '_temporary', `${name}-attempt-${context.taskAttemptId}`);
  const final = join(dir, name);
  try {
    await mkdir(join(dir, '_temporary'), { recursive: true });
    const file = await open(temp, 'w');
    try {
      let pending: string[] = [];
      let pendingBytes = 0;
      for (let r = records.next(); !r.done; r = records.next()) {
        const line = lineOf(r.value);
        pending.push(line, '\n');
        pendingBytes += line.length + 1;
        if (pendingBytes >= FLUSH_BYTES) {
          await file.write(pending.join(''));
          pending = [];
          pendingBytes = 0;
        }
      }
      if (pending.length > 0) await file.write(pending.join(''));
      await file.sync();
    } finally {
      await file.close();
    }
    // link() fails when the part exists: the first attempt to commit wins, and a
    // later one never replaces a file a reader may already have opened.
    try {
      await link(temp, final);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    await unlink(temp);
  } catch (error) {
    await rm(temp, { force: true });
    throw KindlingError.from(error, `Cannot write ${final}`);
  }
});

RDD.prototype.saveAsTextFile = async function <T>(this: RDD<T>, path: string): Promise<void> {
  const dir = localPath(path);
  const exists = await stat(dir).then(
    () => true,
    () => false,
  );
  if (exists) throw new FileAlreadyExistsError(`Output directory ${path} already exists; remove it or choose another path`, { path });
  await mkdir(dir, { recursive: true });
  await this.context.runJob<void>(this, builtinRef('rdd.saveAsTextFile', dir));
  await rm(join(dir, '_temporary'), { recursive: true, force: true });
  await writeFile(join(dir, '_SUCCESS'), '');
};
