/**
 * The embedded WebHDFS server: a namenode endpoint and a datanode endpoint, two HTTP
 * servers on two ports, over one directory. What passes against it passes against
 * Hadoop (the conformance suite runs on both), so a single machine — tests, the
 * demo, a laptop — has HDFS semantics without a cluster.
 */
import { createServer, type Server } from 'node:http';
import { hostname, userInfo } from 'node:os';
import { ErrorCode, InvalidArgumentError, KindlingError, registerInProcessWebHdfs, silentLogger, type Logger } from '@kindling/common';
import { DatanodeMetrics } from './datanode-metrics.js';
import { datanodeHandler } from './datanode.js';
import { HdfsNamespace } from './hdfs-namespace.js';
import { answering } from './http-answers.js';
import { namenodeHandler, type ServerContext } from './namenode.js';
import { ShortCircuitAuthority } from './short-circuit.js';

export interface EmbeddedHdfsOptions {
  /** Namenode HTTP port (Hadoop 3: 9870); 0 picks a free one. */
  readonly port: number;
  /** Datanode HTTP port (Hadoop 3: 9864); 0 picks a free one. */
  readonly dataPort: number;
  /** Directory holding the files: HDFS path /a/b is DIR/a/b. */
  readonly dir: string;
  /** Address to bind (default 127.0.0.1; 0.0.0.0 for other machines). */
  readonly host?: string;
  /** Host name put in redirects and in `uri` (default: `host`, or this machine's name when binding a wildcard). */
  readonly advertisedHost?: string;
  /** Owner reported for files (default: the user running the server). */
  readonly user?: string;
  /**
   * Block size reported for files (Hadoop's dfs.blocksize, default 128 MiB). The
   * server stores whole files; the block size only tells readers how to split them.
   */
  readonly blockSize?: number;
  /**
   * Answer GETBLOCKLOCALPATHINFO, so that clients on this host read files directly
   * (short-circuit.ts; default true). False makes the operation unknown, as on Hadoop.
   */
  readonly shortCircuitReads?: boolean;
  readonly logger?: Logger;
}

export interface EmbeddedHdfs {
  readonly port: number;
  readonly dataPort: number;
  /** `webhdfs://host:port`, to pass to getFileSystem. */
  readonly uri: string;
  /** Root directory of the files. */
  readonly dir: string;
  /** What the datanode endpoint served (also on its `/jmx`). */
  readonly metrics: DatanodeMetrics;
  close(): Promise<void>;
}

export async function startEmbeddedHdfs(options: EmbeddedHdfsOptions): Promise<EmbeddedHdfs> {
  const logger = options.logger ?? silentLogger();
  const host = options.host ?? '127.0.0.1';
  const advertised = options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? hostname() : host);
  const hostInUrl = advertised.includes(':') ? `[${advertised}]` : advertised;
  if (options.blockSize !== undefined && (!Number.isSafeInteger(options.blockSize) || options.blockSize < 1)) {
    throw new InvalidArgumentError(`The embedded WebHDFS block size must be a positive number of bytes, got ${options.blockSize}`);
  }
  const ns = await HdfsNamespace.open(options.dir, options.user ?? currentUser(), options.blockSize);
  let port = 0;
  let dataPort = 0;
  const metrics = new DatanodeMetrics();
  const ctx: ServerContext = {
    ns,
    logger,
    metrics,
    shortCircuit: options.shortCircuitReads === false ? undefined : await ShortCircuitAuthority.create(ns),
    namenodeAddress: () => `${hostInUrl}:${port}`,
    datanodeBase: () => `http://${hostInUrl}:${dataPort}`,
  };
  const datanode = createServer(answering(logger, datanodeHandler(ctx)));
  // An upload lasts as long as the client streams: no whole-request time limit.
  datanode.requestTimeout = 0;
  const namenode = createServer(answering(logger, namenodeHandler(ctx)));
  dataPort = await listen(datanode, options.dataPort, host, 'datanode');
  try {
    port = await listen(namenode, options.port, host, 'namenode');
  } catch (error) {
    await shutdown(datanode);
    throw error;
  }
  const uri = `webhdfs://${hostInUrl}:${port}`;
  const unregister = registerInProcessWebHdfs([`${hostInUrl}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  logger.info({ uri, port, dataPort, dir: ns.root }, `Embedded WebHDFS serving ${ns.root}: namenode ${host}:${port}, datanode ${host}:${dataPort}`);
  return {
    port,
    dataPort,
    uri,
    dir: ns.root,
    metrics,
    close: async () => {
      unregister();
      await Promise.all([shutdown(namenode), shutdown(datanode)]);
    },
  };
}

function listen(server: Server, port: number, host: string, role: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is already in use' : error.message;
      reject(
        new KindlingError(ErrorCode.Unavailable, `Cannot start the embedded WebHDFS ${role} on ${host}:${port}: ${reason}`, { cause: error }),
      );
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Stops accepting, and cuts open connections (keep-alive and transfers in flight): clients see a reset and retry. */
function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'kindling';
  }
}
