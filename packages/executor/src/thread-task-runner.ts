/**
 * Runs tasks in worker threads, one task per thread at a time, `cores` threads.
 *
 * Why threads (measured, see packages/executor/README.md): the executor's main
 * thread serves gRPC — shuffle blocks to other executors, heartbeats to the driver,
 * the task channel. A CPU-bound task on the main thread would stall all of that for
 * its whole run (another executor's fetch would wait, heartbeats would stop), and
 * `--cores 2` would give no parallelism. A thread hop costs ~40 µs per task.
 *
 * What it costs: each thread has its own module instances and its own block
 * manager, so a partition cached in memory by one thread is not seen by another
 * (disk blocks are shared through the work directory). With one core per executor,
 * the local[N] default, there is one thread and nothing is split.
 *
 * Several tasks may be handed to one thread at once, when the driver pipelines
 * short tasks (kindling.scheduler.pipeline.*): they run in order there, and travel
 * and answer in one message each way (see task-thread-protocol.ts). A task goes to
 * the thread with the fewest, and never queues behind a task that has already run
 * for `longTaskMs`: it waits on the main thread for the first free thread instead.
 *
 * A killed task's thread is terminated and replaced: JavaScript cannot interrupt a
 * running function, and a thread is the unit that can be stopped. Tasks queued
 * behind it on that thread end as killed too, so the driver launches them again
 * (a killed task does not count as a failure).
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { ErrorCode, KindlingError, type BroadcastSource, type Logger, type TaskDescription, type TaskOutcome } from '@kindling/common';
import type { ExecutorBroadcastCache } from './broadcast-cache.js';
import type { TaskEnvSetup } from './task-env.js';
import { killedOutcome, type TaskRunner } from './task-runner.js';
import type { FromTaskThread, TaskThreadData, ThreadTask, ThreadTaskOutcome, ToTaskThread } from './task-thread-protocol.js';

const taskThreadUrl = new URL('./task-thread.js', import.meta.url);

/**
 * At most this many tasks wait on one thread. The driver bounds what arrives
 * (kindling.scheduler.pipeline.*, 1 + 64 per core by default); this is only a guard
 * above that. Lower than what the driver sends, it cost throughput: the rest waited
 * on the main thread and went to the thread in more, smaller messages.
 */
const maxTasksPerThread = 128;
/** A task running this long is treated as long: nothing more is queued behind it. */
const longTaskMs = 5;
/** How many payload ids a thread is remembered to hold (it may have evicted older ones anyway). */
const SENT_PAYLOADS_KEPT = 256;

interface QueuedTask {
  readonly task: TaskDescription;
  readonly payloadId: number;
  readonly epoch: number;
  readonly resolve: (outcome: TaskOutcome) => void;
}

class TaskThread {
  readonly worker: Worker;
  readonly sentPayloads = new Set<number>();
  /** Tasks sent to the thread and not answered yet, in the order it runs them; the first is running. */
  readonly assigned = new Map<number, QueuedTask>();
  /** When the first of `assigned` started (about: when it was sent to an idle thread, or its predecessor answered). */
  headStartedAt = 0;
  private readonly requests = new Map<number, (bytes: Uint8Array | undefined) => void>();
  private nextRequestId = 0;
  readonly ready: Promise<void>;
  isReady = false;
  exited = false;
  /** Being terminated (to kill a task): it takes no more tasks while its exit is on the way. */
  terminating = false;
  /** Tasks being killed → why; they are answered as killed when the thread has exited. */
  readonly killReasons = new Map<number, string>();

  constructor(
    setup: TaskEnvSetup,
    readonly index: number,
    private readonly onOutcomes: (thread: TaskThread, outcomes: readonly ThreadTaskOutcome[]) => void,
    private readonly onExit: (thread: TaskThread, reason: string) => void,
    private readonly onReady: (thread: TaskThread) => void,
    broadcasts: BroadcastSource | undefined,
  ) {
    const data: TaskThreadData = { setup, threadIndex: index };
    this.worker = new Worker(taskThreadUrl, { workerData: data });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (message: FromTaskThread) => {
        switch (message.type) {
          case 'ready':
            this.isReady = true;
            resolve();
            this.onReady(this);
            break;
          case 'startFailed':
            reject(new KindlingError(ErrorCode.Internal, `Task thread ${index} could not start: ${message.message}`));
            break;
          case 'outcomes':
            this.onOutcomes(this, message.outcomes);
            break;
          case 'needPayload': {
            const queued = this.assigned.get(message.taskId);
            if (queued !== undefined) this.send([queued], true);
            break;
          }
          case 'done':
            this.requests.get(message.requestId)?.(message.bytes);
            this.requests.delete(message.requestId);
            break;
          case 'fetchBroadcast':
            this.answerBroadcast(broadcasts, message.requestId, message.broadcastId);
            break;
        }
      });
      this.worker.on('error', (error) => {
        reject(error);
        this.exit(`task thread ${index} failed: ${error.message}`);
      });
      this.worker.on('exit', (code) => {
        reject(new Error(`task thread ${index} exited with code ${code} before it was ready`));
        this.exit(`task thread ${index} exited with code ${code}`);
      });
    });
  }

  private answerBroadcast(broadcasts: BroadcastSource | undefined, requestId: number, broadcastId: number): void {
    const fetching = broadcasts?.fetch(broadcastId) ?? Promise.reject(new KindlingError(ErrorCode.Internal, `This executor cannot fetch Broadcast(${broadcastId})`));
    fetching.then(
      // Copied, not moved: the cache keeps the bytes for the executor's other threads.
      (bytes) => this.post({ type: 'broadcast', requestId, bytes }),
      (error: unknown) => {
        const kindling = KindlingError.from(error);
        this.post({ type: 'broadcast', requestId, error: { code: kindling.code, message: kindling.message } });
      },
    );
  }

  private post(message: ToTaskThread): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  private exit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    for (const done of this.requests.values()) done(undefined);
    this.requests.clear();
    this.onExit(this, reason);
  }

  /** Whether another task may wait on this thread now. */
  accepts(now: number): boolean {
    if (this.exited || this.terminating || !this.isReady) return false;
    if (this.assigned.size === 0) return true;
    return this.assigned.size < maxTasksPerThread && now - this.headStartedAt < longTaskMs;
  }

  assign(queued: QueuedTask, now: number): void {
    if (this.assigned.size === 0) this.headStartedAt = now;
    this.assigned.set(queued.task.taskId, queued);
  }

  /** Sends tasks in one message; a stage's payload goes with the first task of it this thread gets. */
  send(batch: readonly QueuedTask[], withPayload: boolean): void {
    const tasks = batch.map((queued): ThreadTask => {
      const { payload, ...task } = queued.task;
      const include = withPayload || !this.sentPayloads.has(queued.payloadId);
      this.sentPayloads.add(queued.payloadId);
      // Bounded, as the thread's own cache is: a stream makes new stages every batch. An id
      // dropped here costs at most sending that payload again.
      if (this.sentPayloads.size > SENT_PAYLOADS_KEPT) this.sentPayloads.delete(this.sentPayloads.values().next().value!);
      return include ? { task, payloadId: queued.payloadId, payload, epoch: queued.epoch } : { task, payloadId: queued.payloadId, epoch: queued.epoch };
    });
    this.worker.postMessage({ type: 'run', tasks } satisfies ToTaskThread);
  }

  terminate(): void {
    this.terminating = true;
    void this.worker.terminate();
  }

  /** Sends a request; resolves with the bytes the thread answers with (if any), or undefined once it has exited. */
  request(build: (requestId: number) => ToTaskThread): Promise<Uint8Array | undefined> {
    if (this.exited) return Promise.resolve(undefined);
    const requestId = this.nextRequestId++;
    return new Promise<Uint8Array | undefined>((resolve) => {
      this.requests.set(requestId, resolve);
      this.worker.postMessage(build(requestId));
    });
  }
}

export class ThreadTaskRunner implements TaskRunner {
  private readonly threads: TaskThread[] = [];
  private readonly queue: QueuedTask[] = [];
  private dispatchScheduled = false;
  private closed = false;
  /** Settles when every thread has built its environment (importing the engine takes a moment). */
  readonly ready: Promise<void>;

  /** Starts `cores` threads; tasks queue until they are ready. */
  constructor(
    private readonly setup: TaskEnvSetup,
    cores: number,
    private readonly logger: Logger,
    private readonly broadcasts?: ExecutorBroadcastCache,
  ) {
    for (let i = 0; i < cores; i++) this.threads.push(this.spawn(i));
    this.ready = Promise.all(this.threads.map((t) => t.ready)).then(() => undefined);
    // A failed start is reported through `ready`; until then, nothing is dispatched to a dead thread.
    this.ready.catch(() => undefined);
  }

  private spawn(index: number): TaskThread {
    return new TaskThread(
      this.setup,
      index,
      (thread, outcomes) => this.finished(thread, outcomes),
      (thread, reason) => this.threadExited(thread, reason),
      () => this.dispatch(),
      this.broadcasts,
    );
  }

  run(task: TaskDescription, payloadId: number, epoch: number): Promise<TaskOutcome> {
    return new Promise<TaskOutcome>((resolve) => {
      this.queue.push({ task, payloadId, epoch, resolve });
      this.dispatch();
    });
  }

  /**
   * Hands queued tasks to threads, each to the one with the fewest, and sends each
   * thread its share in one message. Tasks launched together by the driver arrive
   * in one turn of the event loop, so this runs once for them: the runs are
   * gathered into one microtask.
   */
  private dispatch(): void {
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    queueMicrotask(() => {
      this.dispatchScheduled = false;
      this.dispatchNow();
    });
  }

  private dispatchNow(): void {
    if (this.queue.length === 0 || this.closed) return;
    const now = performance.now();
    const batches = new Map<TaskThread, QueuedTask[]>();
    let taken = 0;
    while (taken < this.queue.length) {
      let target: TaskThread | undefined;
      for (const thread of this.threads) {
        if (thread.accepts(now) && (target === undefined || thread.assigned.size < target.assigned.size)) target = thread;
      }
      if (target === undefined) break;
      const next = this.queue[taken++]!;
      target.assign(next, now);
      let batch = batches.get(target);
      if (batch === undefined) batches.set(target, (batch = []));
      batch.push(next);
    }
    this.queue.splice(0, taken);
    for (const [thread, batch] of batches) thread.send(batch, false);
  }

  private finished(thread: TaskThread, outcomes: readonly ThreadTaskOutcome[]): void {
    for (const { taskId, outcome } of outcomes) {
      const queued = thread.assigned.get(taskId);
      // Absent when the thread exited meanwhile: its outcome was given already. A
      // thread being terminated answers at its exit, as killed.
      if (queued === undefined || thread.terminating) continue;
      thread.assigned.delete(taskId);
      queued.resolve(outcome);
    }
    thread.headStartedAt = performance.now();
    this.dispatch();
  }

  /** A thread that died (killed task, crash in user code) fails its running task and is replaced. */
  private threadExited(thread: TaskThread, reason: string): void {
    const index = this.threads.indexOf(thread);
    this.endAssigned(thread, (queued, running) => {
      const killReason = thread.killReasons.get(queued.task.taskId);
      if (killReason !== undefined) return killedOutcome(killReason);
      if (thread.killReasons.size > 0) return killedOutcome(`task thread ${thread.index} was restarted to kill task ${[...thread.killReasons.keys()].join(', ')}`);
      return running
        ? { status: 'failed', failure: { errorName: 'KindlingError', code: 'INTERNAL', message: `Task ${queued.task.taskId}: ${reason}`, stack: '' } }
        : killedOutcome(`${reason} while the task waited behind another on it`);
    });
    if (this.closed || index < 0) return;
    if (!thread.isReady) {
      // A thread that cannot even start would fail again if replaced: fail what waits instead.
      for (const queued of this.queue.splice(0)) {
        queued.resolve({ status: 'failed', failure: { errorName: 'KindlingError', code: 'INTERNAL', message: `Task ${queued.task.taskId}: ${reason}`, stack: '' } });
      }
      return;
    }
    this.logger.warn({ thread: thread.index, reason }, 'replacing task thread');
    const replacement = this.spawn(thread.index);
    this.threads[index] = replacement;
    replacement.ready.catch((error: unknown) => {
      if (!this.closed) this.logger.error({ err: error }, 'a replacement task thread could not start');
    });
  }

  /** Answers every task a thread holds; `running` is true for the first, the one it was running. */
  private endAssigned(thread: TaskThread, outcomeOf: (queued: QueuedTask, running: boolean) => TaskOutcome): void {
    const assigned = [...thread.assigned.values()];
    thread.assigned.clear();
    assigned.forEach((queued, i) => queued.resolve(outcomeOf(queued, i === 0)));
  }

  kill(taskId: number, reason: string): boolean {
    const queuedIndex = this.queue.findIndex((q) => q.task.taskId === taskId);
    if (queuedIndex >= 0) {
      this.queue.splice(queuedIndex, 1)[0]!.resolve(killedOutcome(reason));
      return true;
    }
    const thread = this.threads.find((t) => t.assigned.has(taskId));
    if (thread === undefined) return false;
    // The thread may be running this task or one before it; either way only
    // terminating it stops the task. The others it holds end as killed and are
    // launched again by the driver. They are answered once the thread has exited
    // ('exit' replaces it): a kill acknowledged earlier would tell the driver a task
    // has stopped while it may still write (a failed job's clean-up waits for that).
    thread.killReasons.set(taskId, reason);
    thread.terminate();
    return true;
  }

  runningTaskIds(): number[] {
    return this.threads.flatMap((t) => [...t.assigned.keys()]);
  }

  async removeRdd(rddId: number): Promise<void> {
    await Promise.all(this.threads.map((t) => t.request((requestId) => ({ type: 'removeRdd', requestId, rddId }))));
  }

  async removeShuffle(shuffleId: number): Promise<void> {
    await Promise.all(this.threads.map((t) => t.request((requestId) => ({ type: 'removeShuffle', requestId, shuffleId }))));
  }

  /**
   * Asks every thread for the block (each has its own memory store); the first that
   * holds it answers. A thread answers between tasks or at a task's awaits: a task
   * computing synchronously delays the answer until it yields.
   */
  async getBlockBytes(blockId: string): Promise<Uint8Array | undefined> {
    const answers = await Promise.all(this.threads.map((t) => t.request((requestId) => ({ type: 'getBlock', requestId, blockId }))));
    return answers.find((bytes) => bytes !== undefined);
  }

  async removeBroadcast(broadcastId: number): Promise<void> {
    this.broadcasts?.remove(broadcastId);
    await Promise.all(this.threads.map((t) => t.request((requestId) => ({ type: 'removeBroadcast', requestId, broadcastId }))));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.resolve(killedOutcome('executor stopping'));
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
