/**
 * `setCheckpointDir` (Spark's SparkContext.setCheckpointDir): every application
 * checkpoints into a directory of its own, `<dir>/<random UUID>`, so that two
 * applications sharing a directory never see each other's `rdd-<id>` files.
 */
import { randomUUID } from 'node:crypto';
import { getFileSystem, parseFsUri, Path, type Logger } from '@kindling/common';
import type { MasterUrl } from '../scheduler/master-url.js';

export interface ApplicationCheckpointDir {
  /** `<dir>/<uuid>`, as a URI. */
  readonly path: string;
  /** Settles once the directory exists; rejects when it cannot be created. */
  readonly created: Promise<void>;
}

/**
 * Chooses the application's directory under `directory` and starts creating it. The
 * URI is checked now (a relative path or an unknown scheme throws); the creation is
 * asynchronous.
 */
export function createApplicationCheckpointDir(directory: string, master: MasterUrl, logger: Logger): ApplicationCheckpointDir {
  const fs = getFileSystem(directory);
  const { scheme } = parseFsUri(directory);
  if ((scheme === '' || scheme === 'file') && master.kind === 'cluster') {
    // Spark warns when not in local mode. local[N]'s executors are other processes on
    // this machine, so a local path is the same directory for all of them (the demo's
    // setup, which must not be told to use HDFS); kindling:// executors may be on
    // other hosts, where it is not, unless the directory is shared.
    logger.warn(
      `Executors of a kindling:// cluster may run on other hosts, therefore the checkpoint directory must be one they all see at the same path. Directory '${directory}' appears to be on the local filesystem; use webhdfs://namenode:9870/… (or a directory shared by every host).`,
    );
  }
  // A bare path is qualified as Spark qualifies it, so getCheckpointFile() is always a URI.
  const base = scheme === '' ? `file://${Path.normalize(directory)}` : Path.normalize(directory);
  const path = Path.join(base, randomUUID());
  const created = fs.mkdirs(path);
  // Handled here so that a caller who does not await it gets no unhandled rejection;
  // the checkpoint that needs the directory awaits it and reports the error.
  created.catch(() => undefined);
  return { path, created };
}
