/**
 * The namenode endpoint (NamenodeWebHdfsMethods): metadata operations answered
 * directly, and CREATE/APPEND/OPEN/GETFILECHECKSUM redirected (307, or the
 * `noredirect` JSON) to the datanode endpoint, which moves the bytes. As in Hadoop,
 * CREATE's step 1 checks nothing — an existing file fails at step 2 on the datanode —
 * while OPEN/APPEND/GETFILECHECKSUM check the file here ("File /p not found.") and
 * OPEN its offset.
 */
import type { Stats } from 'node:fs';
import { chmod, rm, rmdir, unlink, utimes } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import { encodeHdfsPath, fsyncDirectory, type Logger } from '@kindling/common';
import { Hdfs } from './hdfs-exception.js';
import type { DatanodeMetrics } from './datanode-metrics.js';
import type { HdfsNamespace } from './hdfs-namespace.js';
import { sendEmpty, sendJson } from './http-answers.js';
import { concat, truncate } from './namenode-file-ops.js';
import { renameOld, renameWithOptions, parseRenameOptions } from './namenode-rename.js';
import { blockLocalPathInfoOp, type ShortCircuitAuthority } from './short-circuit.js';
import { parseWebHdfsRequest, unknownOp, validateParamPath, webHdfsPrefix, type WebHdfsRequest } from './webhdfs-request.js';

export interface ServerContext {
  readonly ns: HdfsNamespace;
  readonly logger: Logger;
  /** host:port of the namenode as clients reach it (Hadoop's namenoderpcaddress in redirects). */
  readonly namenodeAddress: () => string;
  /** `http://host:port` of the datanode endpoint, as clients reach it. */
  readonly datanodeBase: () => string;
  /** Short-circuit local reads; undefined when switched off (the operation is then unknown, as on Hadoop). */
  readonly shortCircuit: ShortCircuitAuthority | undefined;
  readonly metrics: DatanodeMetrics;
}

export function namenodeHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const request = parseWebHdfsRequest(req);
    if (request === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not a WebHDFS URL: ${req.url ?? ''}\n`);
      return;
    }
    await handle(ctx, request, res);
  };
}

async function handle(ctx: ServerContext, r: WebHdfsRequest, res: ServerResponse): Promise<void> {
  const { ns } = ctx;
  await ns.guard(r.path);
  switch (r.op) {
    case 'CREATE':
      r.params.permission(0o644);
      r.params.boolean('overwrite', false);
      return redirect(ctx, r, res, ['overwrite', 'permission', 'buffersize', 'replication', 'blocksize']);
    case 'APPEND':
    case 'GETFILECHECKSUM':
      await requireFile(ns, r.path);
      return redirect(ctx, r, res, ['buffersize']);
    case 'OPEN': {
      const offset = r.params.long('offset', 0) ?? 0;
      r.params.long('length', 0);
      const length = await requireFile(ns, r.path);
      if (offset >= length && length > 0) {
        throw Hdfs.io(`Offset=${offset} out of the range [0, ${length}); OPEN, path=${r.path}`);
      }
      return redirect(ctx, r, res, ['offset', 'length', 'buffersize']);
    }
    case blockLocalPathInfoOp: {
      // Step 1 as for OPEN (same checks, same messages), then the datanode, which holds the file.
      if (ctx.shortCircuit === undefined) throw unknownOp('GetOpParam', r.op);
      const offset = r.params.long('offset', 0) ?? 0;
      r.params.long('length', 0);
      const length = await requireFile(ns, r.path);
      if (offset >= length && length > 0) {
        throw Hdfs.io(`Offset=${offset} out of the range [0, ${length}); ${r.op}, path=${r.path}`);
      }
      return redirect(ctx, r, res, ['offset', 'length', 'buffersize']);
    }
    case 'GETFILESTATUS': {
      const info = await existing(ns, r.path, `File does not exist: ${r.path}`);
      return sendJson(res, 200, { FileStatus: await ns.fileStatus(r.path, info, '') });
    }
    case 'LISTSTATUS': {
      const info = await existing(ns, r.path, `File ${r.path} does not exist.`);
      if (!info.isDirectory()) {
        return sendJson(res, 200, { FileStatuses: { FileStatus: [await ns.fileStatus(r.path, info, '')] } });
      }
      const statuses = [];
      for (const name of await ns.children(r.path)) {
        const child = posix.join(r.path, name);
        const childInfo = await ns.statOrUndefined(child);
        if (childInfo !== undefined) statuses.push(await ns.fileStatus(child, childInfo, name));
      }
      return sendJson(res, 200, { FileStatuses: { FileStatus: statuses } });
    }
    case 'GETCONTENTSUMMARY': {
      const info = await existing(ns, r.path, `File does not exist: ${r.path}`);
      return sendJson(res, 200, { ContentSummary: await ns.contentSummary(r.path, info) });
    }
    case 'GETHOMEDIRECTORY':
      return sendJson(res, 200, { Path: `/user/${r.user}` });
    case 'MKDIRS':
      return sendJson(res, 200, { boolean: await mkdirs(ns, r) });
    case 'RENAME': {
      const destination = validateParamPath(r.params.required('destination', 'RENAME'));
      const options = parseRenameOptions(r.params.string('renameoptions'));
      await ns.guard(destination);
      if (options === undefined) return sendJson(res, 200, { boolean: await ns.lock.run(() => renameOld(ns, r.path, destination)) });
      await ns.lock.run(() => renameWithOptions(ns, r.path, destination, options.overwrite));
      return sendEmpty(res, 200);
    }
    case 'DELETE':
      return sendJson(res, 200, { boolean: await ns.lock.run(() => deletePath(ns, r.path, r.params.boolean('recursive', false))) });
    case 'CONCAT':
      await ns.lock.run(() => concat(ns, r.path, r.params.required('sources', 'CONCAT')));
      return sendEmpty(res, 200);
    case 'TRUNCATE': {
      const newLength = r.params.long('newlength', 0);
      if (newLength === undefined) throw Hdfs.illegalArgument('Required param newlength for op: TRUNCATE is null or empty');
      return sendJson(res, 200, { boolean: await ns.lock.run(() => truncate(ns, r.path, newLength)) });
    }
    case 'SETPERMISSION': {
      await existing(ns, r.path, `File does not exist: ${r.path}`);
      await chmod(ns.local(r.path), r.params.permission(0o755));
      return sendEmpty(res, 200);
    }
    case 'SETTIMES': {
      const info = await existing(ns, r.path, `File does not exist: ${r.path}`);
      const mtime = r.params.long('modificationtime', -1) ?? -1;
      const atime = r.params.long('accesstime', -1) ?? -1;
      await utimes(ns.local(r.path), atime === -1 ? info.atime : atime / 1000, mtime === -1 ? info.mtime : mtime / 1000);
      return sendEmpty(res, 200);
    }
    case 'SETREPLICATION': {
      // One copy on one disk: accepted for files, as HDFS answers false for directories.
      const info = await ns.statOrUndefined(r.path);
      return sendJson(res, 200, { boolean: info !== undefined && !info.isDirectory() });
    }
    case 'SETOWNER':
      // Ownership is not tracked per file (every file reports the server's user).
      await existing(ns, r.path, `File does not exist: ${r.path}`);
      return sendEmpty(res, 200);
    default:
      throw Hdfs.unsupported(`${r.op} is not supported`);
  }
}

/** 307 to the datanode (or the noredirect JSON), carrying the operation's parameters. */
function redirect(ctx: ServerContext, r: WebHdfsRequest, res: ServerResponse, forward: readonly string[]): void {
  const query = [`op=${r.op}`, `user.name=${encodeURIComponent(r.user)}`, `namenoderpcaddress=${ctx.namenodeAddress()}`];
  for (const [name, value] of r.params.pick(forward)) query.push(`${name}=${encodeURIComponent(value)}`);
  const location = `${ctx.datanodeBase()}${webHdfsPrefix}${encodeHdfsPath(r.path)}?${query.join('&')}`;
  if (r.params.boolean('noredirect', false)) return sendJson(res, 200, { Location: location });
  res.writeHead(307, { Location: location, 'Content-Type': 'application/octet-stream', 'Content-Length': 0 });
  res.end();
}

/** Status of an existing path, or the FileNotFoundException `message` (ParentNotDirectory when an ancestor is a file). */
async function existing(ns: HdfsNamespace, path: string, message: string): Promise<Stats> {
  const info = await ns.statOrUndefined(path);
  if (info !== undefined) return info;
  await ns.checkAncestors(path);
  throw Hdfs.fileNotFound(message);
}

/** Step 1 of OPEN/APPEND/GETFILECHECKSUM: the file must exist ("File /p not found."); answers its length. */
async function requireFile(ns: HdfsNamespace, path: string): Promise<number> {
  const info = await existing(ns, path, `File ${path} not found.`);
  return info.isDirectory() ? 0 : info.size;
}

async function mkdirs(ns: HdfsNamespace, r: WebHdfsRequest): Promise<boolean> {
  const mode = r.params.permission(0o755);
  return ns.lock.run(async () => {
    const info = await ns.statOrUndefined(r.path);
    if (info !== undefined) {
      if (!info.isDirectory()) throw Hdfs.fileAlreadyExists(`Path is not a directory: ${r.path}`);
      return true;
    }
    await ns.checkAncestors(r.path);
    await ns.mkdirs(r.path, mode);
    return true;
  });
}

/** DELETE: false for a missing path or the root; a non-empty directory needs recursive=true. */
async function deletePath(ns: HdfsNamespace, path: string, recursive: boolean): Promise<boolean> {
  if (path === '/') return false;
  const info = await ns.statOrUndefined(path);
  if (info === undefined) return false;
  const local = ns.local(path);
  if (!info.isDirectory()) {
    await unlink(local);
  } else if (recursive) {
    await rm(local, { recursive: true, force: true });
  } else {
    try {
      await rmdir(local);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw Hdfs.pathIsNotEmptyDirectory(path);
      throw error;
    }
  }
  await fsyncDirectory(posix.dirname(local));
  return true;
}
