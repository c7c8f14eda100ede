/**
 * A synchronous stat-and-list of a path on any FileSystem, for the one place that
 * needs it: an input RDD's partitions (textFile, wholeTextFiles) are asked for
 * synchronously by the operators built on it (reduceByKey sizes its shuffle by them
 * when it is defined), and Spark computes them there with a blocking listStatus.
 * JavaScript cannot block on I/O, so a worker thread does it while this thread waits
 * on a shared flag (Atomics.wait), as Hadoop's client would block. The worker's
 * requests carry the file system's own deadlines and retries; `timeoutMs` is a
 * backstop above them.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { ErrorCode, FileNotFoundError, InvalidArgumentError, KindlingError } from '../errors/index.js';
import type { FileStatus } from './file-status.js';
import { parseFsUri } from './fs-path.js';

export interface InputListing {
  /** The path itself. */
  readonly status: FileStatus;
  /** Its entries when it is a directory, sorted by name; itself when it is a file. */
  readonly entries: readonly FileStatus[];
}

/**
 * Authorities (`host:port`) of WebHDFS servers running in this very thread (the
 * embedded server started in-process, as tests do). Blocking the thread would keep
 * such a server from ever answering, so listing them is refused with the fix.
 */
const inProcessServers = new Set<string>();

/** Marks a WebHDFS namenode address as served by this thread, until the returned function is called. */
export function registerInProcessWebHdfs(authorities: readonly string[]): () => void {
  for (const a of authorities) inProcessServers.add(a);
  return () => {
    for (const a of authorities) inProcessServers.delete(a);
  };
}

type Answer = ({ ok: true } & InputListing) | { ok: false; code: ErrorCode; message: string };

/** Stats `uri` and lists it when it is a directory, blocking this thread until done. */
export function listInputSync(uri: string, timeoutMs = 10 * 60_000): InputListing {
  const { authority } = parseFsUri(uri);
  if (inProcessServers.has(authority)) {
    throw new InvalidArgumentError(
      `Cannot list ${uri} on the driver: that WebHDFS server runs in the driver's own thread, which a listing blocks; run it as a process of its own (kindling hdfs)`,
      { path: uri },
    );
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  // '../fs/' rather than './': the same file from dist/fs/ and from the single-file
  // build in dist/bundled/ (scripts/bundle-common.mjs), which has no worker beside it.
  const worker = new Worker(new URL('../fs/sync-listing-worker.js', import.meta.url), {
    workerData: { uri, port: port2, flag },
    transferList: [port2],
  });
  try {
    if (Atomics.wait(flag, 0, 0, timeoutMs) === 'timed-out') {
      throw new KindlingError(ErrorCode.DeadlineExceeded, `Cannot list ${uri}: no answer within ${timeoutMs} ms`, { path: uri });
    }
    const answer = receiveMessageOnPort(port1)?.message as Answer | undefined;
    if (answer === undefined) throw new KindlingError(ErrorCode.Internal, `Cannot list ${uri}: the listing thread sent no answer`, { path: uri });
    if (!answer.ok) {
      if (answer.code === ErrorCode.NotFound) throw new FileNotFoundError(`Input path does not exist: ${uri} (${answer.message})`, { path: uri });
      throw new KindlingError(answer.code, answer.message, { path: uri });
    }
    return { status: answer.status, entries: answer.entries };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
