/**
 * Short-circuit local reads, the server's half (Hadoop's legacy design, HDFS-2246:
 * `ClientDatanodeProtocol.getBlockLocalPathInfo`, answered to the users listed in
 * `dfs.block.local-path-access.user`, after which the client reads the block file
 * itself). A client on this host asks the datanode, by the Kindling operation
 * GETBLOCKLOCALPATHINFO, where a file's bytes lie on disk, and reads them without HTTP.
 *
 * Who may ask: a client that connects from one of this host's addresses AND presents
 * the token kept in `DIR/.reserved/short-circuit-token`, a file only the server's user
 * can read (mode 0600, a fresh random value at every start). Reading that file proves
 * the client shares this host's file system and may read what the server's user may
 * read; so the answer grants nothing the client could not already do by reading
 * `DIR` itself: it only saves it the walk and the HTTP copy. Anyone else is told to
 * use OPEN (403), and is never told where the token lies.
 *
 * Node cannot pass file descriptors over a socket (the newer HDFS-347 design), so the
 * answer is a path plus what identifies the file's current version — inode, length,
 * modification time — which the client checks against the file it opened: every
 * write replaces a file by rename (datanode-write.ts), so a file replaced between the
 * answer and the open has another inode and the client falls back to OPEN.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { blockLocalPathInfoOp, fsyncDirectory, shortCircuitTokenHeader, type BlockLocalPathInfoJson } from '@kindling/common';
import type { DatanodeMetrics } from './datanode-metrics.js';
import { Hdfs, fromLocalError } from './hdfs-exception.js';
import type { HdfsNamespace } from './hdfs-namespace.js';
import { sendJson } from './http-answers.js';
import type { WebHdfsRequest } from './webhdfs-request.js';

/** The Kindling operation (a GET, like OPEN); Hadoop's namenode answers it with 400 "No enum constant". */
export { blockLocalPathInfoOp };

export class ShortCircuitAuthority {
  private constructor(
    /** Where the token lies: told only to local clients without a valid token. */
    readonly tokenPath: string,
    private readonly token: Buffer,
  ) {}

  /** Writes a fresh token into DIR/.reserved (0600), replacing the previous run's. */
  static async create(ns: HdfsNamespace): Promise<ShortCircuitAuthority> {
    const token = randomBytes(32);
    const tokenPath = join(ns.reservedDir, 'short-circuit-token');
    // Removed first: a token file left by another user's server would keep its owner and mode.
    await rm(tokenPath, { force: true });
    await writeFile(tokenPath, token.toString('hex'), { mode: 0o600, flag: 'wx' });
    await fsyncDirectory(ns.reservedDir);
    return new ShortCircuitAuthority(tokenPath, Buffer.from(token.toString('hex')));
  }

  /** True when the request carries this run's token. */
  accepts(req: IncomingMessage): boolean {
    const given = req.headers[shortCircuitTokenHeader];
    if (typeof given !== 'string') return false;
    const bytes = Buffer.from(given);
    return bytes.length === this.token.length && timingSafeEqual(bytes, this.token);
  }
}

/**
 * Step 2 of GETBLOCKLOCALPATHINFO on the datanode: the local path and version of a
 * file, for a local client with the token; 401 with the token's path for a local
 * client without it (it reads the token and asks again); 403 for anyone else.
 */
export async function handleBlockLocalPathInfo(
  ns: HdfsNamespace,
  authority: ShortCircuitAuthority,
  metrics: DatanodeMetrics,
  r: WebHdfsRequest,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!isLocalAddress(req.socket.remoteAddress)) {
    metrics.shortCircuitRefusals++;
    throw Hdfs.accessControl(`Short-circuit reads are only for clients on the datanode's host, not ${r.clientIp}: read ${r.path} with OPEN`);
  }
  if (!authority.accepts(req)) {
    return sendJson(res, 401, { ShortCircuitChallenge: { tokenPath: authority.tokenPath } });
  }
  const local = ns.local(r.path);
  let info;
  try {
    info = await stat(local);
  } catch (error) {
    throw fromLocalError(error, r.path);
  }
  if (info.isDirectory()) throw Hdfs.fileNotFound(`Path is not a file: ${r.path}`);
  const offset = r.params.long('offset', 0) ?? 0;
  if (offset >= info.size && info.size > 0) throw Hdfs.io(`Offset=${offset} out of the range [0, ${info.size}); ${blockLocalPathInfoOp}, path=${r.path}`);
  metrics.shortCircuitGrants++;
  const answer: BlockLocalPathInfoJson = {
    path: local,
    length: info.size,
    fileId: Number(info.ino),
    modificationTime: info.mtimeMs,
  };
  sendJson(res, 200, { BlockLocalPathInfo: answer });
}

/**
 * True for loopback and for any address of this host's interfaces (a client that
 * reached the datanode through the machine's own LAN address is on this host too).
 * Read at every request: interfaces come and go.
 */
export function isLocalAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.replace(/^::ffff:/, '');
  if (plain === '::1' || plain.startsWith('127.')) return true;
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.address === plain) return true;
  }
  return false;
}
