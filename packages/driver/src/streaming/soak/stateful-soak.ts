/**
 * Runs the soak job (soak-job.ts) for `batches` batches on a ManualClock — as fast as
 * the batches complete, so 2,000 one-second batches take minutes, not half an hour —
 * on local[N] executor processes, with the checkpoint directory in a temp directory,
 * and samples the probes after a warm-up (the state fills with every key, the
 * remember windows fill) and at the end. `pnpm soak` prints them; the short version
 * is a test that asserts they stay flat.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLEAN_CHECKPOINTS_KEY, KindlingConf, type Logger } from '@kindling/common';
import type { ClusterBackend } from '../../cluster/cluster-backend.js';
import { KindlingContext } from '../../kindling-context.js';
import { clusterBackendFor } from '../../scheduler/scheduler-backend-factory.js';
import { ManualClock } from '../clock.js';
import { StreamingContext } from '../streaming-context.js';
import { runBatches } from '../testing/streaming-test-harness.js';
import { defineSoakJob, type SoakJobOptions } from './soak-job.js';
import { sample, type SoakSample } from './soak-probes.js';

export interface SoakOptions extends Partial<SoakJobOptions> {
  readonly batches: number;
  /** Batches run before the first sample (default: a tenth, at least 30). */
  readonly warmupBatches?: number;
  /** Samples taken in between, evenly spaced (default 0). */
  readonly intermediateSamples?: number;
  readonly master?: string;
  /**
   * SIGKILLs a local executor after every this many batches (default: never): a
   * stream that runs for days loses executors now and then, and each loss must
   * leave nothing behind that grows (local[N] starts a replacement).
   */
  readonly killExecutorEvery?: number;
  /** Extra configuration, e.g. kindling.executor.taskIsolation. */
  readonly conf?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  readonly collectGarbage: () => Promise<void>;
  readonly onSample?: (sample: SoakSample) => void;
}

export interface SoakResult {
  readonly samples: readonly SoakSample[];
  /** The running count of every key after the last batch, and what it must be. */
  readonly finalCounts: ReadonlyMap<string, number>;
  readonly expectedCounts: ReadonlyMap<string, number>;
  /** Executor processes the run SIGKILLed (killExecutorEvery). */
  readonly executorsKilled: number;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-soak-'));
  const checkpointPath = join(dir, 'checkpoint');
  const conf = new KindlingConf({
    'kindling.ui.showConsoleProgress': 'false',
    // The state's old checkpoint directories go once their RDDs are collected;
    // without this, every checkpoint of the state would stay on disk (Spark's default too).
    [CLEAN_CHECKPOINTS_KEY]: 'true',
    ...options.conf,
  });
  let backend: ClusterBackend | undefined;
  const master = options.master ?? 'local[2]';
  const kc = await KindlingContext.create({
    master,
    appName: 'stateful-soak',
    conf,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(master.startsWith('local[') ? { createBackend: (setup) => (backend = clusterBackendFor(setup)) } : {}),
  });
  const samples: SoakSample[] = [];
  try {
    const clock = new ManualClock(0);
    const ssc = new StreamingContext(kc, 1000, { clock });
    ssc.checkpoint(pathToFileURL(checkpointPath).href);
    const job = defineSoakJob(ssc, { recordsPerBatch: options.recordsPerBatch ?? 2000, numKeys: options.numKeys ?? 1000 });
    ssc.start();
    const targets = { kc, ssc, backend, checkpointPath, collectGarbage: options.collectGarbage };
    const take = async (batch: number): Promise<void> => {
      const s = await sample(batch, targets);
      samples.push(s);
      options.onSample?.(s);
    };
    const warmup = Math.min(options.batches, options.warmupBatches ?? Math.max(30, Math.floor(options.batches / 10)));
    const stops = sampleStops(warmup, options.batches, options.intermediateSamples ?? 0);
    let done = 0;
    let killed = 0;
    const every = options.killExecutorEvery;
    // A kill due at a sample's batch comes after the sample, so that every sample sees
    // the executors running, not one of them starting in a dead one's place.
    const killIfDue = (): void => {
      if (every !== undefined && done % every === 0 && done < options.batches) killed += killOneExecutor(backend, killed);
    };
    for (const stop of stops) {
      while (done < stop) {
        const next = every === undefined ? stop : Math.min(stop, (Math.floor(done / every) + 1) * every);
        await runBatches(ssc, clock, next - done);
        done = next;
        if (done < stop) killIfDue();
      }
      await take(done);
      killIfDue();
    }
    const last = job.state.generatedRDDs.get(clock.now());
    const finalCounts = new Map(last === undefined ? [] : await last.collect());
    const expectedCounts = new Map(Array.from(finalCounts.keys(), (key) => [key, job.input.expectedCount(key, options.batches)] as const));
    await ssc.stop({ stopKindlingContext: false, graceful: true });
    return { samples, finalCounts, expectedCounts, executorsKilled: killed };
  } finally {
    await kc.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** SIGKILLs one local executor process, taking turns; 1 when one was killed. */
function killOneExecutor(backend: ClusterBackend | undefined, killed: number): number {
  const pids = backend?.localExecutorPids() ?? [];
  if (pids.length === 0) return 0;
  process.kill(pids[killed % pids.length]!, 'SIGKILL');
  return 1;
}

/** Batch counts after which to sample: the warm-up, `between` evenly spaced, the end. */
function sampleStops(warmup: number, batches: number, between: number): number[] {
  const stops = [warmup];
  for (let i = 1; i <= between; i++) stops.push(Math.round(warmup + ((batches - warmup) * i) / (between + 1)));
  stops.push(batches);
  return [...new Set(stops)].filter((s) => s > 0).sort((a, b) => a - b);
}
