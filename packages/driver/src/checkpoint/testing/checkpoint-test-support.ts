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
import { masterCases, type MasterCase, type TestContext } from './master-cases.js';
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
  /** Everything the driver logged since this case began. */
  log(): string;
}

export interface EachCaseOptions {
  readonly masters?: readonly MasterCase['master'][];
  readonly storages?: readonly StorageCase['name'][];
  readonly conf?: KindlingConf;
  /**
   * A context of its own for each case, stopped after it, instead of the one context
   * per master that the cases of a test file share (a local[2] context starts two
   * executor processes, about 3.7 CPU-seconds). For cases whose RDDs must not outlive
   * them: the cleanup tests, where a garbage-collected RDD of an earlier case would be
   * cleaned from a storage already closed.
   */
  readonly ownContext?: boolean;
}

type CaseContext = TestContext & { readonly log: () => string };

/** The contexts shared by this test file's cases, by master; stopped once all of its tests have run. */
const sharedContexts = new Map<MasterCase['master'], Promise<CaseContext>>();
after(async () => {
  for (const shared of sharedContexts.values()) await (await shared.catch(() => undefined))?.kc.stop();
  sharedContexts.clear();
});

async function startContext(masterCase: MasterCase, conf: KindlingConf | undefined): Promise<CaseContext> {
  const captured = capturingLogger();
  const { kc, cluster } = await masterCase.create({ logger: captured.logger, ...(conf === undefined ? {} : { conf }) });
  return { kc, cluster, log: captured.text };
}

function contextFor(masterCase: MasterCase, options: EachCaseOptions): Promise<CaseContext> {
  if (options.ownContext === true || options.conf !== undefined) return startContext(masterCase, options.conf);
  let shared = sharedContexts.get(masterCase.master);
  if (shared === undefined) {
    shared = startContext(masterCase, undefined);
    sharedContexts.set(masterCase.master, shared);
  }
  return shared;
}

/**
 * Declares `body` once per master × storage, each in a describe block whose context
 * has its checkpoint directory on that storage. The cases of one file share a
 * context per master (see EachCaseOptions.ownContext); storages and scratch
 * directories are torn down after each case.
 */
export function describeEachCase(title: string, body: (current: () => CheckpointCase) => void, options: EachCaseOptions = {}): void {
  for (const masterCase of masterCases()) {
    if (options.masters !== undefined && !options.masters.includes(masterCase.master)) continue;
    for (const storageCase of storageCases) {
      if (options.storages !== undefined && !options.storages.includes(storageCase.name)) continue;
      void describe(`${title} — ${masterCase.label}, ${storageCase.name}`, () => {
        let current: CheckpointCase | undefined;
        let storage: Storage | undefined;
        let scratch: string | undefined;
        const own = options.ownContext === true || options.conf !== undefined;
        before(async () => {
          storage = await storageCase.start();
          scratch = await mkdtemp(join(tmpdir(), 'kindling-ckpt-scratch-'));
          const { kc, cluster, log } = await contextFor(masterCase, options);
          await kc.setCheckpointDir(storage.baseUri);
          const logged = log().length;
          current = { kc, cluster, master: masterCase.master, storage, storageName: storageCase.name, scratch, log: () => log().slice(logged) };
        });
        after(async () => {
          if (own) await current?.kc.stop();
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
