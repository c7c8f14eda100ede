/**
 * Step 2 of CREATE and APPEND on the datanode endpoint. Unlike HDFS, which shows a
 * file while it is written, the bytes go to a hidden upload file; only a complete,
 * fsynced upload enters the namespace, by one link(2) or rename(2) under the
 * namespace lock. So an interrupted write (client gone, server killed, disk full)
 * leaves no visible partial file, and of concurrent creators with overwrite=false
 * exactly one wins: link fails with EEXIST for every other.
 */
import { constants, copyFile, link, open, rename, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import { encodeHdfsPath } from '@kindling/common';
import { Hdfs, HdfsException, fromLocalError } from './hdfs-exception.js';
import { fsyncDirectory, type HdfsNamespace } from './hdfs-namespace.js';
import { sendEmpty } from './http-answers.js';
import type { ServerContext } from './namenode.js';
import type { WebHdfsRequest } from './webhdfs-request.js';

/** Paths being appended to: HDFS's single-writer lease. */
const leases = new WeakMap<HdfsNamespace, Set<string>>();

export async function handleCreate(ctx: ServerContext, r: WebHdfsRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ns } = ctx;
  const overwrite = r.params.boolean('overwrite', false);
  const mode = r.params.permission(0o644);
  // Checked before reading the body too, so a doomed upload fails at once, as HDFS's does.
  await checkCreatable(ns, r, overwrite);
  const temp = ns.newTempPath();
  await receive(req, temp, r.path, 'wx', mode);
  try {
    await ns.lock.run(async () => {
      await checkCreatable(ns, r, overwrite);
      const parent = posix.dirname(r.path);
      if ((await ns.statOrUndefined(parent)) === undefined) await ns.mkdirs(parent, 0o755);
      await commit(ns, temp, r, overwrite);
    });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  sendEmpty(res, 201, { Location: `hdfs://${ctx.namenodeAddress()}${encodeHdfsPath(r.path)}` });
}

export async function handleAppend(ctx: ServerContext, r: WebHdfsRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ns } = ctx;
  const info = await ns.statOrUndefined(r.path);
  if (info === undefined) throw Hdfs.fileNotFound(`Failed to append to non-existent file ${r.path} for client ${r.clientIp}`);
  if (info.isDirectory()) throw Hdfs.fileAlreadyExists(`Cannot append to directory ${r.path}; already exists as a directory.`);
  const held = leases.get(ns) ?? new Set<string>();
  leases.set(ns, held);
  if (held.has(r.path)) {
    throw Hdfs.alreadyBeingCreated(`Failed to APPEND_FILE ${r.path} for client ${r.clientIp} because this file lease is currently owned by another client`);
  }
  held.add(r.path);
  const temp = ns.newTempPath();
  try {
    // Copy-on-append: the appended file replaces the old one whole, by rename.
    await copyFile(ns.local(r.path), temp, constants.COPYFILE_FICLONE);
    await receive(req, temp, r.path, 'a', info.mode & 0o777);
    await ns.lock.run(async () => {
      const now = await ns.statOrUndefined(r.path);
      if (now === undefined || now.ino !== info.ino) throw Hdfs.io(`File ${r.path} was replaced or deleted while appending to it`);
      await rename(temp, ns.local(r.path));
      await fsyncDirectory(posix.dirname(ns.local(r.path)));
    });
  } finally {
    held.delete(r.path);
    await unlink(temp).catch(() => undefined);
  }
  sendEmpty(res, 200);
}

async function checkCreatable(ns: HdfsNamespace, r: WebHdfsRequest, overwrite: boolean): Promise<void> {
  await ns.checkAncestors(r.path);
  const info = await ns.statOrUndefined(r.path);
  if (info?.isDirectory() === true) throw Hdfs.fileAlreadyExists(`${r.path} already exists as a directory`);
  if (info !== undefined && !overwrite) throw Hdfs.fileAlreadyExists(`${r.path} for client ${r.clientIp} already exists`);
}

/** Puts a complete upload in place: rename (replace) or link (fails if the name exists). */
async function commit(ns: HdfsNamespace, temp: string, r: WebHdfsRequest, overwrite: boolean): Promise<void> {
  const local = ns.local(r.path);
  if (overwrite) {
    await rename(temp, local);
  } else {
    try {
      await link(temp, local);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'EEXIST') throw Hdfs.fileAlreadyExists(`${r.path} for client ${r.clientIp} already exists`);
      // A file system without hard links: the lock makes check-then-rename safe within this server.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      await rename(temp, local);
    }
  }
  await fsyncDirectory(posix.dirname(local));
}

/**
 * Streams the request body into `file`, then fsyncs it. The body is piped rather than
 * consumed by `pipeline`, so a write error (disk full) leaves the request readable and
 * the error can still be answered; the half-written file is removed.
 */
async function receive(req: IncomingMessage, file: string, hdfsPath: string, flags: 'wx' | 'a', mode: number): Promise<void> {
  let handle;
  try {
    handle = await open(file, flags, 0o600);
  } catch (error) {
    throw fromLocalError(error, hdfsPath);
  }
  // autoClose: false keeps the descriptor for the fsync below; the stream must then be
  // destroyed by hand, or FileHandle.close() waits for it forever.
  const out = handle.createWriteStream({ autoClose: false, highWaterMark: 1 << 20 });
  try {
    await new Promise<void>((resolve, reject) => {
      const premature = (): void => {
        if (!req.complete) reject(Hdfs.io(`The client closed the connection before the whole of ${hdfsPath} arrived`));
      };
      out.on('error', (error) => {
        req.unpipe(out);
        reject(fromLocalError(error, hdfsPath));
      });
      out.on('finish', resolve);
      req.on('aborted', premature);
      req.on('close', premature);
      req.on('error', premature);
      req.pipe(out);
    });
    await handle.datasync();
    await handle.chmod(mode);
  } catch (error) {
    out.destroy();
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw error instanceof HdfsException ? error : fromLocalError(error, hdfsPath);
  }
  out.destroy();
  try {
    await handle.close();
  } catch (error) {
    await unlink(file).catch(() => undefined);
    throw fromLocalError(error, hdfsPath);
  }
}
