/**
 * Runs one task attempt in whatever process holds `env` — an executor, or the
 * driver with the in-process backend — and reports a TaskOutcome, never throwing.
 *
 * 1. Decode the stage's payload (cached per stage, see stage-cache.ts).
 * 2. The prepare pass: await `prepare` of every RDD partition the task reads through
 *    narrow dependencies, so that `compute` (synchronous) finds shuffle blocks and
 *    cached blocks ready. It stops below a partition whose block is cached here.
 * 3. Shuffle map task: write the map output, report its MapStatus. Result task: run
 *    the result function over the partition's iterator and encode its value.
 * 4. Checkpoints: an RDD being checkpointed names its checkpoint files in its plan;
 *    its partitions are written as they are computed (checkpoint/partition-tee.ts)
 *    and committed here, once the iterators are drained and before the task reports
 *    success. A failed task discards what it wrote.
 */
import { join } from 'node:path';
import { runWithTaskAccumulators, TaskAccumulators } from '../accumulators/index.js';
import { loadBroadcasts } from '../broadcast/index.js';
import { performance } from 'node:perf_hooks';
import { bindCheckpointTees, checkpointTeeSpecs, TaskCheckpointTees } from '../rdd/task-checkpoint-tees.js';
import { FetchFailedError, InvalidArgumentError, KindlingError } from '../errors/index.js';
import { MemoryManager, TaskMemory } from '../memory/index.js';
import { NarrowDependency, type Partition, type RDD, type TaskContext, type TaskMetricsRecorder } from '../rdd/index.js';
import { writeShuffleMapOutput } from '../shuffle/index.js';
import { rddBlockId } from '../storage/index.js';
import type { Logger } from '../log/index.js';
import type { ExecutorEnv } from './executor-env.js';
import { decodedStage } from './stage-cache.js';
import { TaskBlockAccess } from './task-blocks.js';
import { encodeTaskResult } from './task-payload.js';
import type { MapStatus, TaskDescription, TaskFailure, TaskMetrics, TaskOutcome } from './task-types.js';

type ResultFunction = (iterator: Iterator<unknown>, context: TaskContext) => unknown;

/**
 * Each attempt adds to fresh zero copies of the accumulators its functions use
 * (accumulators/accumulator-context.ts); their states go back with a successful
 * outcome only — a failed attempt's updates are dropped, as in Spark.
 */
export function runTask(task: TaskDescription, env: ExecutorEnv): Promise<TaskOutcome> {
  const accumulators = new TaskAccumulators();
  return runWithTaskAccumulators(accumulators, () => runTaskAttempt(task, env, accumulators));
}

async function runTaskAttempt(task: TaskDescription, env: ExecutorEnv, accumulators: TaskAccumulators): Promise<TaskOutcome> {
  const started = performance.now();
  const recorder: TaskMetricsRecorder = { recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleBytesRead: 0 };
  let tees: TaskCheckpointTees | undefined;
  let memory: TaskMemory | undefined;
  const metrics = (): TaskMetrics => ({ executorRunTimeMs: performance.now() - started, ...recorder, diskBytesSpilled: memory?.bytesSpilled ?? 0 });
  try {
    const stage = await decodedStage(task, env);
    const rdd = stage.rdd;
    const split = rdd.partitions[task.partitionId];
    if (split === undefined) {
      throw new InvalidArgumentError(`Task ${task.taskId} asks for partition ${task.partitionId} of RDD ${rdd.id}, which has ${rdd.partitions.length}`);
    }
    // The task's logger is made on first use: a pino child costs more than a whole
    // empty task, and most tasks never log. Block access and task memory get the
    // getter, not the logger.
    let logger: Logger | undefined;
    const taskLogger = (): Logger => (logger ??= env.logger.child({ stageId: task.stageId, partitionId: task.partitionId, taskId: task.taskId }));
    const blocks = new TaskBlockAccess(env.blockManager, env.remoteBlocks, taskLogger);
    memory = new TaskMemory(env.memoryManager ?? env.blockManager?.memoryManager ?? MemoryManager.unbounded(), env.workDir, task.taskId, taskLogger);
    const context: TaskContext = {
      stageId: task.stageId,
      stageAttemptId: task.stageAttemptId,
      partitionId: task.partitionId,
      attemptNumber: task.attemptNumber,
      taskAttemptId: task.taskId,
      env,
      resolver: stage.resolver,
      get logger(): Logger {
        return taskLogger();
      },
      prepared: new Map(),
      metrics: recorder,
      blocks,
      memory,
    };
    const teeSpecs = checkpointTeeSpecs(stage.payload.plans);
    if (teeSpecs.size > 0) {
      tees = new TaskCheckpointTees(teeSpecs, task.taskId, join(env.workDir, 'checkpoint-spool'));
      bindCheckpointTees(context, tees);
    }
    // Broadcasts first: `b.value` is read synchronously inside compute.
    if (stage.payload.broadcastIds.length > 0) await loadBroadcasts(stage.payload.broadcastIds, env.broadcasts);
    await preparePass(rdd, split, context, blocks);
    let result: Uint8Array = new Uint8Array(0);
    let mapStatus: MapStatus | undefined;
    if (stage.shuffleDependency !== undefined) {
      mapStatus = await writeShuffleMapOutput(stage.shuffleDependency, split, context);
    } else if (stage.payload.type === 'result') {
      const func = stage.resolver.resolve<ResultFunction>(stage.payload.func);
      result = encodeTaskResult(await func(rdd.iterator(split, context), context));
    }
    await blocks.flush();
    await tees?.commitAll(context.logger);
    const accumUpdates = accumulators.updates();
    return {
      status: 'success',
      result,
      metrics: metrics(),
      ...(mapStatus === undefined ? {} : { mapStatus }),
      ...(blocks.updated.length === 0 ? {} : { updatedBlocks: [...blocks.updated] }),
      ...(accumUpdates.length === 0 ? {} : { accumUpdates }),
    };
  } catch (error) {
    await tees?.discardAll();
    return { status: 'failed', failure: taskFailure(error), metrics: metrics() };
  } finally {
    await memory?.close().catch((error: unknown) => env.logger.warn({ err: error, taskId: task.taskId }, "could not remove the task's spill files"));
  }
}

/**
 * Awaits `prepare` of every partition the task reads through narrow dependencies.
 * Walks with an explicit stack, not recursion: a stream's lineage can be thousands
 * of RDDs deep and must not overflow the call stack. A persisted partition found in
 * the block manager is loaded instead, and nothing below it is prepared.
 */
async function preparePass(root: RDD<unknown>, split: Partition, context: TaskContext, blocks: TaskBlockAccess): Promise<void> {
  const visited = new Set<string>();
  const stack: Array<[RDD<unknown>, Partition]> = [[root, split]];
  while (stack.length > 0) {
    const [rdd, partition] = stack.pop()!;
    const key = `${rdd.id}:${partition.index}`;
    if (visited.has(key)) continue;
    visited.add(key);
    if (rdd.storageLevel.isValid && (await blocks.prefetch(rddBlockId(rdd.id, partition.index)))) continue;
    await rdd.prepare(partition, context);
    for (const dep of rdd.dependencies) {
      if (!(dep instanceof NarrowDependency)) continue;
      const parentPartitions = dep.rdd.partitions;
      for (const p of dep.getParents(partition.index)) stack.push([dep.rdd, parentPartitions[p]!]);
    }
  }
}

/** A failure as data for the driver; a fetch failure says which map output to recompute. */
export function taskFailure(error: unknown): TaskFailure {
  const kindling = KindlingError.from(error);
  const original = error instanceof Error ? error : kindling;
  const failure: TaskFailure = {
    errorName: original.name,
    code: kindling.code,
    message: original.message,
    stack: original.stack ?? '',
  };
  if (error instanceof FetchFailedError) {
    return {
      ...failure,
      fetchFailed: { shuffleId: error.shuffleId, mapId: error.mapId, reduceId: error.reduceId, executorId: error.executorId ?? '' },
    };
  }
  return failure;
}
