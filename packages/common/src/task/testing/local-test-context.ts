/**
 * A minimal driver for unit tests of the per-partition engine (not the product's
 * scheduler, which lives in packages/driver): runs shuffle map stages depth-first,
 * then the result stage, task by task through the real `runTask`, encode/decode
 * included, against a local executor env in a temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KindlingConf } from '../../conf/index.js';
import { toFunctionRef, type FunctionRef } from '../../functions/index.js';
import { silentLogger, type Logger } from '../../log/index.js';
import { ParallelCollectionRDD, ShuffleDependency, prepareForJob, type RDD, type RddContext } from '../../rdd/index.js';
import { createLocalExecutorEnv } from '../local-executor-env.js';
import { decodeTaskResult, encodeResultTask, encodeShuffleMapTask } from '../task-payload.js';
import { runTask } from '../task-runner.js';
import type { MapStatus, TaskOutcome } from '../task-types.js';

export class LocalTestContext implements RddContext {
  readonly conf: KindlingConf;
  readonly logger;
  readonly defaultParallelism = 2;
  readonly workDir = mkdtempSync(join(tmpdir(), 'kindling-engine-test-'));
  readonly mapStatuses = new Map<number, MapStatus[]>();
  readonly env;
  /** Every outcome of every task run, for tests that inspect metrics or updatedBlocks. */
  readonly outcomes: TaskOutcome[] = [];
  jobsRun = 0;
  mapStagesRun = 0;
  private nextRddId = 0;
  private nextShuffleId = 0;
  private nextTaskId = 0;

  /** `settings` configure the executor env (e.g. kindling.executor.memory); `logger` sees what tasks log. */
  constructor(settings: Record<string, string> = {}, logger: Logger = silentLogger()) {
    this.conf = new KindlingConf(settings);
    this.logger = logger;
    this.env = createLocalExecutorEnv({
      executorId: 'test-executor',
      workDir: this.workDir,
      conf: this.conf,
      logger: this.logger,
      mapOutputs: { getMapStatuses: (id) => Promise.resolve(this.mapStatuses.get(id) ?? []) },
      loadBundle: () => Promise.resolve(undefined),
    });
  }

  newRddId(): number {
    return this.nextRddId++;
  }

  newShuffleId(): number {
    return this.nextShuffleId++;
  }

  functionRef(fn: unknown, what: string): FunctionRef {
    return toFunctionRef(fn, { what });
  }

  parallelize<T>(data: Iterable<T>, numSlices = this.defaultParallelism): RDD<T> {
    return new ParallelCollectionRDD(this, data, numSlices);
  }

  async runJob<U>(rdd: unknown, resultFunc: FunctionRef, partitions?: readonly number[]): Promise<U[]> {
    const target = rdd as RDD<unknown>;
    this.jobsRun++;
    await prepareForJob(target);
    await this.runMissingShuffles(target);
    const payload = encodeResultTask(target, resultFunc);
    const ids = partitions ?? target.partitions.map((p) => p.index);
    const results: U[] = [];
    for (const partitionId of ids) {
      const outcome = await this.run(payload, partitionId);
      results.push(decodeTaskResult<U>(outcome.result));
    }
    return results;
  }

  async removeRdd(rddId: number): Promise<void> {
    await this.env.blockManager.removeRdd(rddId);
  }

  close(): void {
    rmSync(this.workDir, { recursive: true, force: true });
  }

  /** Runs the map stages of every shuffle `rdd` depends on whose outputs do not exist yet, parents first. */
  private async runMissingShuffles(rdd: RDD<unknown>): Promise<void> {
    for (const dep of rdd.dependencies) {
      if (dep instanceof ShuffleDependency) {
        if (this.mapStatuses.has(dep.shuffleId)) continue;
        await this.runMissingShuffles(dep.rdd);
        const payload = encodeShuffleMapTask(dep);
        const statuses: MapStatus[] = [];
        for (const p of dep.rdd.partitions) statuses.push((await this.run(payload, p.index)).mapStatus!);
        this.mapStatuses.set(dep.shuffleId, statuses);
        this.mapStagesRun++;
      } else {
        await this.runMissingShuffles(dep.rdd);
      }
    }
  }

  private async run(payload: Uint8Array, partitionId: number): Promise<Extract<TaskOutcome, { status: 'success' }>> {
    const taskId = this.nextTaskId++;
    const outcome = await runTask(
      { taskId, jobId: 0, stageId: 0, stageAttemptId: 0, partitionId, attemptNumber: 0, appId: 'test', bundleSha256: '', payload },
      this.env,
    );
    this.outcomes.push(outcome);
    if (outcome.status !== 'success') {
      const error = new Error(outcome.status === 'failed' ? `${outcome.failure.errorName}: ${outcome.failure.message}` : outcome.reason);
      (error as Error & { outcome?: TaskOutcome }).outcome = outcome;
      throw error;
    }
    return outcome;
  }
}
