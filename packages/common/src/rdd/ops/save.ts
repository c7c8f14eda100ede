/**
 * saveAsTextFile (Spark's, through Hadoop's FileOutputCommitter): a directory with
 * one `part-NNNNN` file per partition and an empty `_SUCCESS` once the job is done,
 * on any FileSystem (`file://`, plain local paths, `webhdfs://`).
 *
 * Each task attempt writes `_temporary/part-NNNNN-attempt-<taskAttemptId>` and renames
 * it into place with the file system's plain rename, which answers false when the
 * part file already exists: another attempt won, and this one deletes its file
 * (STYLE.md §6) — a later attempt never replaces a file a reader may already have
 * opened. The driver refuses an existing directory, as Spark does, and writes
 * `_SUCCESS` last, so a reader that sees it sees every part.
 *
 * Records are written one per line: strings as they are, other values as JSON.
 */
import { ErrorCode, FileAlreadyExistsError, KindlingError } from '../../errors/index.js';
import { Path, getFileSystem, type FsOutputStream } from '../../fs/index.js';
import { builtinRef, registerBuiltin } from '../../functions/index.js';
import { absoluteInputPath } from '../file-splits.js';
import { RDD } from '../rdd.js';
import type { TaskContext } from '../task-context.js';

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
  const fs = getFileSystem(dir);
  const name = partFileName(context.partitionId);
  const temp = Path.join(dir, '_temporary', `${name}-attempt-${context.taskAttemptId}`);
  const final = Path.join(dir, name);
  let out: FsOutputStream | undefined;
  try {
    out = await fs.create(temp, { overwrite: false });
    let pending: string[] = [];
    let pendingBytes = 0;
    for (let r = records.next(); !r.done; r = records.next()) {
      const line = lineOf(r.value);
      pending.push(line, '\n');
      pendingBytes += line.length + 1;
      if (pendingBytes >= FLUSH_BYTES) {
        await out.write(Buffer.from(pending.join('')));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pending.length > 0) await out.write(Buffer.from(pending.join('')));
    await out.close();
    out = undefined;
    if (!(await fs.rename(temp, final))) {
      if (!(await fs.exists(final))) throw new KindlingError(ErrorCode.Internal, `the rename of ${temp} to ${final} failed and ${final} does not exist`, { path: final });
      // Another attempt of this partition committed first: its file stays.
      await fs.delete(temp);
    }
  } catch (error) {
    await out?.abort(error).catch(() => undefined);
    await fs.delete(temp).catch(() => false);
    throw KindlingError.from(error, `Cannot write ${final}`);
  }
});

RDD.prototype.saveAsTextFile = async function <T>(this: RDD<T>, path: string): Promise<void> {
  const dir = Path.normalize(absoluteInputPath(path));
  const fs = getFileSystem(dir);
  if (await fs.exists(dir)) throw new FileAlreadyExistsError(`Output directory ${path} already exists; remove it or choose another path`, { path });
  await fs.mkdirs(dir);
  await this.context.runJob<void>(this, builtinRef('rdd.saveAsTextFile', dir));
  await fs.delete(Path.join(dir, '_temporary'), { recursive: true });
  await fs.writeFile(Path.join(dir, '_SUCCESS'), new Uint8Array(0));
};
