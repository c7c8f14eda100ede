/**
 * The worker behind `listInputSync` (sync-listing.ts): stats a path on any file
 * system and lists it when it is a directory, posts the statuses (or the error) on
 * the port it was given, then wakes the waiting thread through the shared flag.
 *
 * Only node:worker_threads is imported statically: the rest is loaded inside the
 * try, so that even a module that fails to load still wakes the driver (with the
 * error) instead of leaving it blocked until the backstop timeout.
 */
import { workerData, type MessagePort } from 'node:worker_threads';

interface Job {
  readonly uri: string;
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

const { uri, port, flag } = workerData as Job;
try {
  const { KindlingError } = await import('../errors/index.js');
  const { newFileSystem } = await import('./file-system-registry.js');
  const fs = newFileSystem(uri);
  try {
    const status = await fs.stat(uri);
    const entries = status.type === 'DIRECTORY' ? await fs.list(uri) : [status];
    port.postMessage({ ok: true, status, entries });
  } catch (error) {
    const failure = error instanceof KindlingError ? error : KindlingError.from(error, `Cannot list ${uri}`);
    port.postMessage({ ok: false, code: failure.code, message: failure.message });
  } finally {
    await fs.close();
  }
} catch (error) {
  port.postMessage({ ok: false, code: 'INTERNAL', message: `Cannot list ${uri}: ${error instanceof Error ? error.message : String(error)}` });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
