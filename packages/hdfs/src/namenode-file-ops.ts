/**
 * CONCAT and TRUNCATE (FSDirConcatOp, FSDirTruncateOp), under the namespace lock.
 * CONCAT builds the joined file beside the namespace and renames it over the target,
 * so a reader sees the target before or after, never half-joined.
 */
import { copyFile, constants, open, rename, truncate as truncateFile, unlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { Hdfs } from './hdfs-exception.js';
import { fsyncDirectory } from '@kindling/common';
import type { HdfsNamespace } from './hdfs-namespace.js';
import { validateParamPath } from './webhdfs-request.js';

export async function concat(ns: HdfsNamespace, target: string, sourcesParam: string): Promise<void> {
  const sources = sourcesParam.split(',').map((s) => validateParamPath(s.trim()));
  const targetInfo = await ns.statOrUndefined(target);
  if (targetInfo === undefined) throw Hdfs.fileNotFound(`File does not exist: ${target}`);
  if (targetInfo.isDirectory()) throw Hdfs.fileNotFound(`Path is not a file: ${target}`);
  const seen = new Set<string>();
  for (const source of sources) {
    await ns.guard(source);
    if (source === target) throw Hdfs.hadoopIllegalArgument(`concat: the src file ${source} is the same with the target file ${target}`);
    if (seen.has(source)) throw Hdfs.hadoopIllegalArgument(`concat: repeated source file ${source}`);
    seen.add(source);
    const info = await ns.statOrUndefined(source);
    if (info === undefined) throw Hdfs.fileNotFound(`File does not exist: ${source}`);
    if (info.isDirectory() || info.size === 0) {
      throw Hdfs.hadoopIllegalArgument(`concat: source file ${source} is invalid or empty or underConstruction`);
    }
  }
  const temp = ns.newTempPath();
  try {
    await copyFile(ns.local(target), temp, constants.COPYFILE_FICLONE);
    const out = await open(temp, 'a');
    try {
      for (const source of sources) {
        const input = await open(ns.local(source), 'r');
        try {
          for await (const chunk of input.createReadStream({ autoClose: false, highWaterMark: 1 << 20 })) await out.write(chunk as Buffer);
        } finally {
          await input.close();
        }
      }
      await out.datasync();
    } finally {
      await out.close();
    }
    await rename(temp, ns.local(target));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  for (const source of sources) await unlink(ns.local(source));
  for (const dir of new Set([target, ...sources].map((p) => posix.dirname(ns.local(p))))) await fsyncDirectory(dir);
}

/** Cuts a file to `newLength`; true, as the new length holds at once (HDFS says false while it recovers a block). */
export async function truncate(ns: HdfsNamespace, path: string, newLength: number): Promise<boolean> {
  const info = await ns.statOrUndefined(path);
  if (info === undefined) throw Hdfs.fileNotFound(`File does not exist: ${path}`);
  if (info.isDirectory()) throw Hdfs.fileNotFound(`Path is not a file: ${path}`);
  if (newLength > info.size) {
    throw Hdfs.hadoopIllegalArgument(`Cannot truncate to a larger file size. Current size: ${info.size}, truncate size: ${newLength}.`);
  }
  await truncateFile(ns.local(path), newLength);
  return true;
}
