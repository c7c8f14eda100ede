/**
 * Short-circuit local reads, the client's half (Hadoop's `dfs.client.read.shortcircuit`
 * in its legacy form, HDFS-2246: the datanode tells an authorised client on its host
 * where the block file lies, and the client reads it directly). Loopback HTTP in Node
 * reaches only 0.21-0.33 of a page-cache read even with nothing stored (DECISIONS.md,
 * "A quiet run at last"); a co-located reader does not need HTTP at all.
 *
 * The namenode is asked GETBLOCKLOCALPATHINFO instead of OPEN (same checks, same
 * redirect); the datanode answers the file's local path and version (inode, length,
 * modification time) to a local client holding its token, which the client reads
 * from the token file the datanode names in its 401 answer. The client opens the
 * path and compares the version with what it opened; any mismatch, a missing file or
 * a refusal means an ordinary OPEN on the same datanode, never an error of its own.
 *
 * What is remembered, per file system: a namenode that does not know the operation
 * (a real Hadoop cluster: 400 "No enum constant …GETBLOCKLOCALPATHINFO") is never
 * asked again, said once at debug level; a datanode that refuses (not on this host,
 * token unreadable) is not asked again, so its reads cost what an OPEN costs.
 */
import { open, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { LocalBlockReader } from './local-block-reader.js';
import { remoteCause, remoteError } from './remote-exception.js';
import type { WebHdfsCall, WebHdfsTransport } from './webhdfs-transport.js';

/** The Kindling WebHDFS operation that asks for a file's local path (a GET, like OPEN). */
export const blockLocalPathInfoOp = 'GETBLOCKLOCALPATHINFO';
/** Header that carries the datanode's short-circuit token (never the query string, which servers log). */
export const shortCircuitTokenHeader = 'x-kindling-short-circuit-token';

/** The datanode's answer: where the file lies, and which version of it that is. */
export interface BlockLocalPathInfoJson {
  readonly path: string;
  readonly length: number;
  /** The inode: a file replaced since the answer (by rename) has another. */
  readonly fileId: number;
  readonly modificationTime: number;
}

/** Bytes read so far by a file system's open streams (Hadoop's `ReadStatistics`). */
export interface ReadStatistics {
  /** Every byte read to the end of a stream, over HTTP or not. */
  totalBytesRead: number;
  /** The part of it read directly from the datanode's disk. */
  totalShortCircuitBytesRead: number;
}

/** What one attempt came to: the local stream, or the datanode URL to OPEN instead. */
export type ShortCircuitOutcome = { readonly stream: Readable } | { readonly openUrl: URL } | { readonly unsupported: true };

export class ShortCircuitReads {
  private namenodeRefuses = false;
  /** host:port of datanodes that refused (not local, token unreadable, operation unknown). */
  private readonly refusedDatanodes = new Set<string>();
  /** Token per datanode host:port, read from the file the datanode named. */
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly transport: WebHdfsTransport,
    private readonly enabled: boolean,
    private readonly statistics: ReadStatistics,
  ) {}

  /** Worth trying: switched on, and the namenode has not said it does not know the operation. */
  get usable(): boolean {
    return this.enabled && !this.namenodeRefuses;
  }

  /**
   * One attempt at a local read of `call`'s range. Errors OPEN would raise (missing
   * file, offset out of range, connection failures) are raised the same way, for the
   * caller's retries.
   */
  async tryOpen(call: WebHdfsCall, offset: number, length: number | undefined): Promise<ShortCircuitOutcome> {
    let target: URL;
    try {
      target = await this.transport.locateOnce({ ...call, op: blockLocalPathInfoOp });
    } catch (error) {
      if (!isUnknownOperation(error)) throw error;
      this.namenodeRefuses = true;
      this.transport.logger.debug(
        { namenode: this.transport.authority },
        `WebHDFS namenode ${this.transport.authority} does not offer short-circuit reads (${(error as Error).message}); reading over HTTP from now on`,
      );
      return { unsupported: true };
    }
    // The same datanode URL with op=OPEN: what a refused or failed local read falls back to, without asking the namenode again.
    const openUrl = new URL(target);
    openUrl.searchParams.set('op', 'OPEN');
    if (this.refusedDatanodes.has(target.host)) return { openUrl };
    const info = await this.askDatanode(target, call.uri);
    if (info === undefined) return { openUrl };
    const stream = await this.openLocal(info, offset, length, call.uri);
    return stream === undefined ? { openUrl } : { stream };
  }

  /** The datanode's answer, asking for its token once when it has none (or a stale one); undefined when it refuses. */
  private async askDatanode(target: URL, uri: string): Promise<BlockLocalPathInfoJson | undefined> {
    const datanode = target.host;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = this.tokens.get(datanode);
      let answer;
      try {
        answer = await this.transport.exchange(target, 'GET', 'open', uri, datanode, token === undefined ? {} : { [shortCircuitTokenHeader]: token });
      } catch (error) {
        throw this.transport.networkError(error, 'open', uri, datanode);
      }
      const { status, text } = answer;
      if (status === 200) return parseInfo(text);
      if (status === 401) {
        const tokenPath = parseChallenge(text);
        const fresh = tokenPath === undefined ? undefined : await readFile(tokenPath, 'utf8').catch(() => undefined);
        if (fresh === undefined || fresh === token) return this.refuse(datanode, `its token ${tokenPath ?? '(not named)'} cannot be read here`);
        this.tokens.set(datanode, fresh);
        continue;
      }
      // The file went away between the two steps, or the datanode is failing: what OPEN would say.
      if (status === 404 || status >= 500) throw remoteError(status, text, 'open', uri);
      return this.refuse(datanode, `it answered HTTP ${status}: ${text.slice(0, 200)}`);
    }
    return this.refuse(datanode, 'it refused the token it named');
  }

  private refuse(datanode: string, reason: string): undefined {
    this.refusedDatanodes.add(datanode);
    this.transport.logger.debug({ datanode }, `WebHDFS datanode ${datanode} gives no short-circuit reads to this client (${reason}); reading from it over HTTP`);
    return undefined;
  }

  /**
   * Opens the named file and checks it is the version the datanode described: one
   * replaced in between (another inode), changed in place (length, time) or gone
   * is read over HTTP instead.
   */
  private async openLocal(info: BlockLocalPathInfoJson, offset: number, length: number | undefined, uri: string): Promise<Readable | undefined> {
    let handle;
    try {
      handle = await open(info.path, 'r');
    } catch {
      return undefined;
    }
    try {
      const now = await handle.stat();
      if (Number(now.ino) !== info.fileId || now.size !== info.length || now.mtimeMs !== info.modificationTime) {
        await handle.close();
        return undefined;
      }
    } catch {
      await handle.close().catch(() => undefined);
      return undefined;
    }
    const range = Math.max(0, Math.min(info.length - offset, length ?? Infinity));
    return new LocalBlockReader(handle, offset, range, uri, (bytes) => {
      this.statistics.totalBytesRead += bytes;
      this.statistics.totalShortCircuitBytesRead += bytes;
    });
  }
}

/** Hadoop's answer to an operation it does not know (400, naming it), or a server that implements no such thing. */
function isUnknownOperation(error: unknown): boolean {
  const remote = remoteCause(error);
  if (remote === undefined) return false;
  if (remote.status === 501 || remote.status === 405) return true;
  return remote.status === 400 && (remote.message.includes(blockLocalPathInfoOp) || remote.exception === 'UnsupportedOperationException');
}

function parseInfo(text: string): BlockLocalPathInfoJson | undefined {
  try {
    const info = (JSON.parse(text) as { BlockLocalPathInfo?: Partial<BlockLocalPathInfoJson> }).BlockLocalPathInfo;
    if (info === undefined || typeof info.path !== 'string' || typeof info.length !== 'number') return undefined;
    if (typeof info.fileId !== 'number' || typeof info.modificationTime !== 'number') return undefined;
    return info as BlockLocalPathInfoJson;
  } catch {
    return undefined;
  }
}

function parseChallenge(text: string): string | undefined {
  try {
    const path = (JSON.parse(text) as { ShortCircuitChallenge?: { tokenPath?: unknown } }).ShortCircuitChallenge?.tokenPath;
    return typeof path === 'string' ? path : undefined;
  } catch {
    return undefined;
  }
}
