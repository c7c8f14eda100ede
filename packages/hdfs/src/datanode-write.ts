/**
 * Step 2 of CREATE and APPEND on the datanode endpoint. Unlike HDFS, which shows a
 * file while it is written, the bytes go to a hidden upload file; only a complete,
 * fsynced upload enters the namespace, by one link(2) or rename(2) under the
 * namespace lock. So an interrupted write (client gone, server killed, disk full)
 * leaves no visible partial file, and of concurrent creators with overwrite=false
 * exactly one wins: link fails with EEXIST for every other.
 */
import { constants, copyFile, link, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import { encodeHdfsPath, fsyncDirectory } from '@kindling/common';
import { Hdfs, HdfsException, fromLocalError } from './hdfs-exception.js';
import type { HdfsNamespace } from './hdfs-namespace.js';
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
 * Streams the request body into `file`, then fsyncs it. The socket delivers ~64 KiB
 * chunks; they are gathered into writes of at least 1 MiB (one writev each, one in
 * flight while the next batch fills), which halved the server's cost per byte. A
 * write error (disk full) leaves the request readable so the error can still be
 * answered; the half-written file is removed.
 */
async function receive(req: IncomingMessage, file: string, hdfsPath: string, flags: 'wx' | 'a', mode: number): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, flags, 0o600);
  } catch (error) {
    throw fromLocalError(error, hdfsPath);
  }
  try {
    await receiveInto(req, handle, hdfsPath);
    await handle.datasync();
    await handle.chmod(mode);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw error instanceof HdfsException ? error : fromLocalError(error, hdfsPath);
  }
}

const batchBytes = 1 << 20;
const syncBehindBytes = 32 << 20;
/** Bytes buffered while a write is in flight before the socket is paused. */
const pauseBytes = 8 << 20;

function receiveInto(req: IncomingMessage, handle: FileHandle, hdfsPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let batch: Buffer[] = [];
    let batched = 0;
    let writing = false;
    let ended = false;
    let failed = false;
    // Sync behind the writes (as HDFS datanodes do): the disk flushes while later bytes
    // arrive, and the fsync after the last byte has only the tail left.
    let unsynced = 0;
    let syncing: Promise<void> | undefined;
    const fail = (error: HdfsException): void => {
      if (failed) return;
      failed = true;
      req.off('data', onData);
      reject(error);
    };
    const flush = (): void => {
      if (writing || failed) return;
      if (batch.length === 0) {
        if (ended) void Promise.resolve(syncing).then(() => resolve());
        return;
      }
      const buffers = batch;
      const length = batched;
      batch = [];
      batched = 0;
      writing = true;
      writeFully(handle, buffers).then(
        () => {
          writing = false;
          unsynced += length;
          if (unsynced >= syncBehindBytes && syncing === undefined) {
            unsynced = 0;
            syncing = handle.datasync().then(
              () => void (syncing = undefined),
              (error: unknown) => fail(fromLocalError(error, hdfsPath)),
            );
          }
          if (req.isPaused() && !ended) req.resume();
          if (ended || batched >= batchBytes) flush();
        },
        (error: unknown) => fail(fromLocalError(error, hdfsPath)),
      );
    };
    const onData = (chunk: Buffer): void => {
      batch.push(chunk);
      batched += chunk.length;
      if (batched < batchBytes) return;
      if (!writing) flush();
      else if (batched >= pauseBytes) req.pause();
    };
    const premature = (): void => {
      if (!req.complete) fail(Hdfs.io(`The client closed the connection before the whole of ${hdfsPath} arrived`));
    };
    req.on('data', onData);
    req.on('end', () => {
      ended = true;
      flush();
    });
    req.on('aborted', premature);
    req.on('close', premature);
    req.on('error', premature);
  });
}

async function writeFully(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  const total = buffers.reduce((n, b) => n + b.length, 0);
  const { bytesWritten } = await handle.writev(buffers);
  // writev to a regular file is whole in practice; finish a short write the slow way.
  if (bytesWritten < total) {
    const rest = Buffer.concat(buffers).subarray(bytesWritten);
    for (let offset = 0; offset < rest.length; ) offset += (await handle.write(rest, offset)).bytesWritten;
  }
}
