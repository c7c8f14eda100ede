/**
 * How saveAsTextFiles writes one batch: `prefix-<timeMs>[.suffix]/part-NNNNN`
 * (Spark's rddToFileName), replaced as a whole when the batch runs again.
 *
 * Spark writes the batch's directory in place, and a batch re-run after a driver
 * restart writes its parts over the old ones: a reader can see a mix of two runs,
 * or stale parts when the partition count changed. Here the batch is written with
 * RDD.saveAsTextFile into a hidden temp directory beside the final one (so the
 * rename stays in one directory and on one file system), then renamed into place.
 * A directory cannot be renamed over a non-empty one — not on a local disk, not on
 * HDFS — so an existing output is first renamed aside, and deleted once the new one
 * is in place. Readers see the old complete output, then briefly none, then the new
 * complete one; never a part, never both. Hidden names (a leading dot) are what
 * Hadoop's input formats and textFileStream skip.
 */
import { randomUUID } from 'node:crypto';
import { getFileSystem, InvalidArgumentError, KindlingError, ErrorCode, Path, type FileSystem, type Logger, type RDD } from '@kindling/common';

/** Spark's rddToFileName: `prefix-<time>` and `.suffix` when there is one. */
export function batchOutputPath(prefix: string, suffix: string, time: number): string {
  return `${prefix}-${time}${suffix === '' ? '' : `.${suffix}`}`;
}

/** A hidden sibling of `path`, unique, for `what` ('tmp' while writing, 'old' while replacing). */
function hiddenSibling(path: string, what: 'tmp' | 'old'): string {
  const parent = Path.parent(path);
  if (parent === undefined) throw new InvalidArgumentError(`Cannot write a batch's output to the root directory ${path}; give saveAsTextFiles a prefix such as file:///data/out/counts`, { path });
  return Path.join(parent, `.${Path.name(path)}.${what}-${randomUUID()}`);
}

/**
 * Puts the directory `src` at `dst`, replacing what is there: `dst` is renamed aside
 * first, and deleted after `src` took its place.
 */
export async function replaceDirectory(fs: FileSystem, src: string, dst: string, logger: Logger): Promise<void> {
  let aside: string | undefined;
  if (await fs.exists(dst)) {
    aside = hiddenSibling(dst, 'old');
    if (!(await fs.rename(dst, aside))) {
      throw new KindlingError(ErrorCode.Internal, `Cannot move the previous output ${dst} aside to replace it`, { path: dst });
    }
  }
  // HDFS's rename moves a source *into* an existing destination directory; dst was
  // just moved away, so a false here means someone else created it meanwhile.
  if (!(await fs.rename(src, dst))) {
    throw new KindlingError(ErrorCode.AlreadyExists, `Cannot rename ${src} to ${dst}: the destination was created by another writer meanwhile`, { path: dst });
  }
  if (aside !== undefined) {
    await fs.delete(aside, { recursive: true }).catch((error: unknown) => {
      // The new output is in place; a leftover hidden directory is only litter.
      logger.warn({ err: error, path: aside }, `Cannot delete the replaced output ${aside}`);
    });
  }
}

/** Writes `rdd` as text to `path` (a directory), replacing a previous output there as a whole. */
export async function saveBatchAsTextFiles(rdd: RDD<unknown>, path: string, logger: Logger): Promise<void> {
  const fs = getFileSystem(path);
  const temp = hiddenSibling(path, 'tmp');
  try {
    await rdd.saveAsTextFile(temp);
    await replaceDirectory(fs, temp, path, logger);
  } catch (error) {
    await fs.delete(temp, { recursive: true }).catch((cleanupError: unknown) => {
      logger.warn({ err: cleanupError, path: temp }, `Cannot delete the temporary output ${temp}`);
    });
    throw KindlingError.from(error, `Cannot save the batch's output to ${path}`);
  }
}
