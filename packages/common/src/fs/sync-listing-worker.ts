/**
 * The worker behind `statInputSync` (sync-listing.ts): stats a path on any file
 * system and lists it when it is a directory, posts the statuses (or the error) on
 * the port it was given, then wakes the waiting thread through the shared flag.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { KindlingError } from '../errors/index.js';
import type { FileStatus } from './file-status.js';
import { newFileSystem } from './file-system-registry.js';

interface Job {
  readonly uri: string;
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

const { uri, port, flag } = workerData as Job;
const fs = newFileSystem(uri);
try {
  const status = await fs.stat(uri);
  const entries: FileStatus[] = status.type === 'DIRECTORY' ? await fs.list(uri) : [status];
  port.postMessage({ ok: true, status, entries });
} catch (error) {
  const failure = error instanceof KindlingError ? error : KindlingError.from(error, `Cannot list ${uri}`);
  port.postMessage({ ok: false, code: failure.code, message: failure.message });
} finally {
  await fs.close();
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
