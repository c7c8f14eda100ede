/**
 * Runs a streaming test batch by batch on a manual clock: build the graph, start,
 * advance the clock one batch at a time and wait for each batch to complete. The
 * master is local-inprocess unless KINDLING_TEST_MASTER says otherwise (local[2]
 * re-runs the same tests with executor processes, as the engine tests do).
 *
 * On a local cluster the tests of a file share one KindlingContext per
 * configuration, as a restarted streaming driver in these tests shares the one
 * its predecessor used: a local[2] context starts two executor processes, about
 * 3.7 CPU-seconds and a few seconds of wall time, which used to be paid by every
 * test. Each test still gets its own StreamingContext, clock and checkpoint
 * directory; a test that stops the KindlingContext gets the next test a new one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { pathToFileURL } from 'node:url';
import { KindlingConf, type LoadedBundle } from '@kindling/common';
import { startEmbeddedHdfs } from '@kindling/hdfs';
import { testMaster } from '../../engine-tests/test-master.js';
import { KindlingContext } from '../../kindling-context.js';
import { ManualClock } from '../clock.js';
import { StreamingContext } from '../streaming-context.js';

export interface StreamingTest {
  readonly kc: KindlingContext;
  readonly ssc: StreamingContext;
  readonly clock: ManualClock;
  /** A fresh checkpoint directory URL, removed at the end. */
  readonly checkpointDir: string;
}

export interface StreamingTestOptions {
  readonly batchMs?: number;
  readonly master?: string;
  readonly conf?: Record<string, string>;
  /** Set a checkpoint directory on the context (stateful operators need one). */
  readonly checkpoint?: boolean;
  /** A job bundle whose exports executors can resolve (custom receivers' classes). */
  readonly bundle?: LoadedBundle;
}

/** This file's shared local-cluster contexts, by master and configuration; stopped after its last test. */
const sharedContexts = new Map<string, Promise<KindlingContext>>();
after(async () => {
  for (const shared of sharedContexts.values()) await (await shared.catch(() => undefined))?.stop();
  sharedContexts.clear();
});

function createContext(master: string, options: StreamingTestOptions): Promise<KindlingContext> {
  const conf = new KindlingConf();
  for (const [k, v] of Object.entries(options.conf ?? {})) conf.set(k, v);
  conf.set('kindling.ui.showConsoleProgress', 'false');
  return KindlingContext.create({ master, appName: 'streaming-test', conf, ...(options.bundle === undefined ? {} : { bundle: options.bundle }) });
}

/** The test's KindlingContext, and whether it is shared (see the file comment); a context with a job bundle is never shared. */
async function contextFor(options: StreamingTestOptions): Promise<{ kc: KindlingContext; shared: boolean }> {
  const master = options.master ?? testMaster;
  if (master === 'local-inprocess' || options.bundle !== undefined) return { kc: await createContext(master, options), shared: false };
  const key = JSON.stringify([master, Object.entries(options.conf ?? {}).sort()]);
  const existing = await sharedContexts.get(key)?.catch(() => undefined);
  if (existing !== undefined && !existing.isStopped) return { kc: existing, shared: true };
  const created = createContext(master, options);
  sharedContexts.set(key, created);
  return { kc: await created, shared: true };
}

/** Creates the contexts, runs `body`, and always stops the streaming context (and a context of its own) and removes the temp directory. */
export async function withStreamingTest(options: StreamingTestOptions, body: (t: StreamingTest) => Promise<void>): Promise<void> {
  const { kc, shared } = await contextFor(options);
  const dir = mkdtempSync(join(tmpdir(), 'kindling-streaming-'));
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(kc, options.batchMs ?? 1000, { clock });
  // KINDLING_TEST_CHECKPOINT_STORAGE=webhdfs puts the checkpoints on an embedded WebHDFS server.
  const hdfs = process.env['KINDLING_TEST_CHECKPOINT_STORAGE'] === 'webhdfs' ? await startEmbeddedHdfs({ port: 0, dataPort: 0, dir: join(dir, 'hdfs'), host: '127.0.0.1' }) : undefined;
  const checkpointDir = hdfs === undefined ? pathToFileURL(join(dir, 'checkpoint')).href : `${hdfs.uri.replace(/\/$/, '')}/checkpoint`;
  if (options.checkpoint === true) ssc.checkpoint(checkpointDir);
  try {
    await body({ kc, ssc, clock, checkpointDir });
  } finally {
    await hdfs?.close();
    await ssc.stop({ stopKindlingContext: !shared }).catch(() => undefined);
    if (!shared) await kc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Advances the manual clock `n` batches, waiting after each for its jobs to complete and its metadata to clear. */
export async function runBatches(ssc: StreamingContext, clock: ManualClock, n: number): Promise<void> {
  const batch = ssc.batchDuration.milliseconds;
  for (let i = 0; i < n; i++) {
    const target = (Math.floor(clock.now() / batch) + 1) * batch;
    clock.setTime(target);
    const deadline = Date.now() + 60_000;
    while ((ssc.jobGenerator.lastGeneratedTime ?? -Infinity) < target) {
      if (Date.now() > deadline) throw new Error(`batch ${target} ms was not generated within 60 s`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await ssc.jobScheduler.whenDrained();
    await ssc.jobGenerator.idle();
    // State checkpoints are written after their batch, in the background: wait for
    // them too, so that a test sees the same files on every run.
    await ssc.graph.stateCheckpointsIdle();
  }
}

/**
 * A restarted driver: `StreamingContext.getOrCreate` on `checkpointDir` with a manual
 * clock at `startMs` (the time it comes back at), started. Creating a new context
 * instead of recovering fails the test.
 */
export async function recoverAndStart(checkpointDir: string, kc: KindlingContext, startMs: number): Promise<{ recovered: StreamingContext; clock: ManualClock }> {
  const clock = new ManualClock(startMs);
  const recovered = await StreamingContext.getOrCreate(
    checkpointDir,
    () => {
      throw new Error('must recover');
    },
    { kindlingContext: kc, clock },
  );
  recovered.start();
  return { recovered, clock };
}
