/**
 * RENAME, both of Hadoop's variants (FSDirRenameOp), run under the namespace lock:
 *
 * - without `renameoptions`: `{"boolean": false}`, never an error, when the source is
 *   missing, the destination exists as a file, its parent is missing, or it lies
 *   under the source; an existing destination directory receives `dst/<srcName>`.
 * - with `renameoptions` (NONE or OVERWRITE): every failure is an exception, checked
 *   in Hadoop's order, and success is an empty 200.
 *
 * Both end in one rename(2): readers see the old name or the new one, never a mix.
 */
import type { Stats } from 'node:fs';
import { rename } from 'node:fs/promises';
import { posix } from 'node:path';
import { Hdfs } from './hdfs-exception.js';
import { fsyncDirectory } from '@kindling/common';
import type { HdfsNamespace } from './hdfs-namespace.js';

/** `renameoptions`: undefined when absent (the old rename), else whether OVERWRITE is among them. */
export function parseRenameOptions(value: string | undefined): { overwrite: boolean } | undefined {
  if (value === undefined) return undefined;
  let overwrite = false;
  for (const option of value.split(',')) {
    const name = option.trim().toUpperCase();
    if (name === 'OVERWRITE') overwrite = true;
    else if (name !== 'NONE') {
      throw Hdfs.badParameter('renameoptions', `No enum constant org.apache.hadoop.fs.Options.Rename.${name}`);
    }
  }
  return { overwrite };
}

const isUnder = (path: string, ancestor: string): boolean => ancestor === '/' ? path !== '/' : path.startsWith(`${ancestor}/`);

/** The deprecated rename of FSDirRenameOp.renameTo: answers a boolean. */
export async function renameOld(ns: HdfsNamespace, src: string, dst: string): Promise<boolean> {
  if (src === '/') return false;
  const srcInfo = await ns.statOrUndefined(src);
  if (srcInfo === undefined) return false;
  let target = dst;
  const dstInfo = await ns.statOrUndefined(dst).catch(() => undefined);
  if (dstInfo?.isDirectory() === true) target = posix.join(dst, posix.basename(src));
  if (target === src) return true;
  if (isUnder(target, src)) return false;
  if ((await ns.statOrUndefined(target).catch(() => undefined)) !== undefined) return false;
  const parent = await ns.statOrUndefined(posix.dirname(target)).catch(() => undefined);
  if (parent?.isDirectory() !== true) return false;
  await move(ns, src, target);
  return true;
}

/** The rename of FSDirRenameOp.unprotectedRenameTo with options: raises each failure as Hadoop does. */
export async function renameWithOptions(ns: HdfsNamespace, src: string, dst: string, overwrite: boolean): Promise<void> {
  const srcInfo = await ns.statOrUndefined(src);
  if (srcInfo === undefined) throw Hdfs.fileNotFound(`rename source ${src} is not found.`);
  if (src === '/') throw Hdfs.io('rename source cannot be the root');
  if (dst === src) throw Hdfs.fileAlreadyExists(`The source ${src} and destination ${dst} are the same`);
  if (isUnder(dst, src)) throw Hdfs.io(`Rename destination ${dst} is a directory or file under source ${src}`);
  if (dst === '/') throw Hdfs.io('rename destination cannot be the root');
  const dstInfo = await ns.statOrUndefined(dst).catch(() => undefined);
  if (dstInfo !== undefined) validateOverwrite(src, dst, overwrite, srcInfo, dstInfo, await childCount(ns, dst, dstInfo));
  const parent = await parentStatus(ns, dst);
  if (parent === undefined) throw Hdfs.fileNotFound(`rename destination parent ${dst} not found.`);
  if (!parent.isDirectory()) throw Hdfs.parentNotDirectory(`rename destination parent ${dst} is a file.`);
  await move(ns, src, dst);
}

function validateOverwrite(src: string, dst: string, overwrite: boolean, srcInfo: Stats, dstInfo: Stats, dstChildren: number): void {
  if (dstInfo.isDirectory() !== srcInfo.isDirectory()) {
    throw Hdfs.io(`Source ${src} and destination ${dst} must both be directories`);
  }
  if (!overwrite) throw Hdfs.fileAlreadyExists(`rename destination ${dst} already exists`);
  if (dstInfo.isDirectory() && dstChildren > 0) throw Hdfs.io(`rename destination directory is not empty: ${dst}`);
}

async function childCount(ns: HdfsNamespace, path: string, info: Stats): Promise<number> {
  return info.isDirectory() ? (await ns.children(path)).length : 0;
}

/** The status of the parent of `path`, walking up so that a file ancestor reads as "a file" rather than missing. */
async function parentStatus(ns: HdfsNamespace, path: string): Promise<Stats | undefined> {
  const parent = posix.dirname(path);
  const direct = await ns.statOrUndefined(parent).catch(() => undefined);
  if (direct !== undefined) return direct;
  for (let dir = posix.dirname(parent); ; dir = posix.dirname(dir)) {
    const info = await ns.statOrUndefined(dir).catch(() => undefined);
    if (info !== undefined) return info.isDirectory() ? undefined : info;
    if (dir === '/') return undefined;
  }
}

async function move(ns: HdfsNamespace, src: string, dst: string): Promise<void> {
  const from = ns.local(src);
  const to = ns.local(dst);
  await rename(from, to);
  await fsyncDirectory(posix.dirname(from));
  if (posix.dirname(from) !== posix.dirname(to)) await fsyncDirectory(posix.dirname(to));
}
