/**
 * What the checkpoint tests run on: each master (local-inprocess, and local[2] with
 * executor processes over gRPC) × each storage (a file:// temp directory, and the
 * embedded WebHDFS server), plus a compute counter that works across processes.
 * Masters: see master-cases.ts.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { Writable } from 'node:stream';
import { capture, closeAllFileSystems, createLogger, type KindlingConf, type Logger } from '@kindling/common';
import { startEmbeddedHdfs } from '@kindling/hdfs';
import type { ClusterBackend } from '../../cluster/index.js';
import type { KindlingContext } from '../../kindling-context.js';
import { masterCases, type MasterCase } from './master-cases.js';
import type { RDD } from '../../index.js';

export { masterCases, type MasterCase, type TestContext } from './master-cases.js';

export interface Storage {
  /** Base URI under which tests set checkpoint directories. */
  readonly baseUri: string;
  /** The local directory that holds the files (to damage them by hand). */
  readonly localRoot: string;
  /** The local path of a URI of this storage. */
  localPath(uri: string): string;
  close(): Promise<void>;
}

export interface StorageCase {
  readonly name: 'file' | 'webhdfs';
  start(): Promise<Storage>;
}

export const storageCases: readonly StorageCase[] = [
  {
    name: 'file',
    start: async () => {
      const root = await mkdtemp(join(tmpdir(), 'kindling-ckpt-file-'));
      return {
        baseUri: `file://${root}`,
        localRoot: root,
        localPath: (uri) => new URL(uri).pathname,
        close: () => rm(root, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'webhdfs',
    start: async () => {
      const root = await mkdtemp(join(tmpdir(), 'kindling-ckpt-hdfs-'));
      const hdfs = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir: root });
      return {
        baseUri: `${hdfs.uri}/checkpoints`,
        localRoot: root,
        localPath: (uri) => join(root, new URL(uri.replace(/^webhdfs:/, 'http:')).pathname),
        close: async () => {
          await closeAllFileSystems();
          await hdfs.close();
          await rm(root, { recursive: true, force: true });
        },
      };
    },
  },
];

/**
 * Counts computations across processes: each computed record appends one byte to a
 * file (an executor's globalThis is not the test's). Small data only.
 */
export class ComputeCounter {
  private constructor(readonly file: string) {}

  static async create(dir: string, name = 'computed'): Promise<ComputeCounter> {
    const file = join(dir, `${name}-${Math.random().toString(36).slice(2)}.count`);
    await writeFile(file, '');
    return new ComputeCounter(file);
  }

  /** `source.map(counted identity)`: every record that passes is counted once per computation. */
  counted<T>(source: RDD<T>): RDD<T> {
    return source.map(
      capture({ file: this.file }, ({ file }) => (x: T) => {
        process.getBuiltinModule('node:fs').appendFileSync(file, '.');
        return x;
      }),
    );
  }

  async count(): Promise<number> {
    return (await stat(this.file)).size;
  }

  async reset(): Promise<void> {
    await writeFile(this.file, '');
  }
}

/** A pino logger whose lines the test can read. */
export function capturingLogger(): { logger: Logger; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', destination: stream }), text: () => lines.join('') };
}

export async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

export function sortedByKey<K extends number | string, V>(pairs: readonly [K, V][]): [K, V][] {
  return [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** One master × storage combination, set up for a describe block. */
export interface CheckpointCase {
  readonly kc: KindlingContext;
  readonly cluster: ClusterBackend | undefined;
  readonly master: MasterCase['master'];
  readonly storage: Storage;
  readonly storageName: StorageCase['name'];
  /** A local directory for counters and markers, removed afterwards. */
  readonly scratch: string;
  /** Everything the driver logged so far. */
  log(): string;
}

/**
 * Declares `body` once per master × storage, each in a describe block with a context
 * whose checkpoint directory is on that storage; everything is torn down after it.
 */
export function describeEachCase(
  title: string,
  body: (current: () => CheckpointCase) => void,
  options: { readonly masters?: readonly MasterCase['master'][]; readonly storages?: readonly StorageCase['name'][]; readonly conf?: KindlingConf } = {},
): void {
  for (const masterCase of masterCases()) {
    if (options.masters !== undefined && !options.masters.includes(masterCase.master)) continue;
    for (const storageCase of storageCases) {
      if (options.storages !== undefined && !options.storages.includes(storageCase.name)) continue;
      void describe(`${title} — ${masterCase.label}, ${storageCase.name}`, () => {
        let current: CheckpointCase | undefined;
        let storage: Storage | undefined;
        let scratch: string | undefined;
        before(async () => {
          storage = await storageCase.start();
          scratch = await mkdtemp(join(tmpdir(), 'kindling-ckpt-scratch-'));
          const captured = capturingLogger();
          const { kc, cluster } = await masterCase.create({ logger: captured.logger, ...(options.conf === undefined ? {} : { conf: options.conf }) });
          await kc.setCheckpointDir(storage.baseUri);
          current = { kc, cluster, master: masterCase.master, storage, storageName: storageCase.name, scratch, log: captured.text };
        });
        after(async () => {
          await current?.kc.stop();
          await storage?.close();
          if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
        });
        body(() => {
          if (current === undefined) throw new Error('the checkpoint test case was not set up');
          return current;
        });
      });
    }
  }
}
