/** How a WebHdfsFileSystem talks to its namenode and datanodes. */
import type { Logger } from '../../log/index.js';

export interface WebHdfsRetryPolicy {
  /** Retries after the first attempt (default 3). */
  readonly maxRetries?: number;
  /** Wait before the first retry (default 200 ms); doubled at each retry, with ±20 % jitter. */
  readonly initialBackoffMs?: number;
  /** Upper bound of one wait (default 5000 ms). */
  readonly maxBackoffMs?: number;
}

export interface WebHdfsOptions {
  /** `user.name` of every request (default: HADOOP_USER_NAME, else the OS user). */
  readonly user?: string;
  /**
   * Ask for data locations with `noredirect=true` (a JSON answer) instead of following a
   * 307; with `rewriteDatanodeUrl` this serves clients outside the cluster network.
   */
  readonly noRedirect?: boolean;
  /**
   * Rewrites the datanode URL the namenode hands out, e.g. the compose-network name
   * `http://datanode:9864/…` to `http://localhost:9864/…` for a client on the host.
   */
  readonly rewriteDatanodeUrl?: (location: URL) => URL;
  /**
   * Deadline in ms of each request (default 60000): a metadata request must be
   * answered within it; a data transfer may last longer, but never stall (no byte
   * moved while the client waits on the network) for longer than it.
   */
  readonly timeoutMs?: number;
  /** Retries on connection errors and 5xx answers, for idempotent operations only. */
  readonly retry?: WebHdfsRetryPolicy;
  /** Bytes a writer may queue ahead of the network before `write()` waits (default 1 MiB). */
  readonly writeBufferBytes?: number;
  /**
   * Read files directly from the datanode's disk when it is on this host and lets
   * this client (webhdfs-short-circuit.ts; `kindling.hdfs.client.read.shortcircuit`,
   * default true). Anything else reads over HTTP as before.
   */
  readonly shortCircuitReads?: boolean;
  readonly logger?: Logger;
}
