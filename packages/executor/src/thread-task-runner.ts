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
 * A killed task's thread is terminated and replaced: JavaScript cannot interrupt a
 * running function, and a thread is the unit that can be stopped.
 */
import { Worker } from 'node:worker_threads';
import { ErrorCode, KindlingError, type Logger, type TaskDescription, type TaskOutcome } from '@kindling/common';
import type { TaskEnvSetup } from './task-env.js';
import { killedOutcome, type TaskRunner } from './task-runner.js';
import type { FromTaskThread, TaskHeader, TaskThreadData, ToTaskThread } from './task-thread-protocol.js';

const taskThreadUrl = new URL('./task-thread.js', import.meta.url);

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
  current: QueuedTask | undefined;
  private readonly requests = new Map<number, (bytes: Uint8Array | undefined) => void>();
  private nextRequestId = 0;
  readonly ready: Promise<void>;
  isReady = false;
  exited = false;

  constructor(
    setup: TaskEnvSetup,
    readonly index: number,
    private readonly onOutcome: (thread: TaskThread, taskId: number, outcome: TaskOutcome) => void,
    private readonly onExit: (thread: TaskThread, reason: string) => void,
    private readonly onReady: (thread: TaskThread) => void,
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
          case 'outcome':
            this.onOutcome(this, message.taskId, message.outcome);
            break;
          case 'needPayload':
            if (this.current !== undefined && this.current.task.taskId === message.taskId) this.send(this.current, true);
            break;
          case 'done':
            this.requests.get(message.requestId)?.(message.bytes);
            this.requests.delete(message.requestId);
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

  private exit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    for (const done of this.requests.values()) done(undefined);
    this.requests.clear();
    this.onExit(this, reason);
  }

  send(queued: QueuedTask, withPayload: boolean): void {
    const { payload, ...header } = queued.task;
    const task: TaskHeader = header;
    const include = withPayload || !this.sentPayloads.has(queued.payloadId);
    this.sentPayloads.add(queued.payloadId);
    // Bounded, as the thread's own cache is: a stream makes new stages every batch. An id
    // dropped here costs at most sending that payload again.
    if (this.sentPayloads.size > SENT_PAYLOADS_KEPT) this.sentPayloads.delete(this.sentPayloads.values().next().value!);
    const message: ToTaskThread = include
      ? { type: 'run', task, payloadId: queued.payloadId, payload, epoch: queued.epoch }
      : { type: 'run', task, payloadId: queued.payloadId, epoch: queued.epoch };
    this.worker.postMessage(message);
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
  private closed = false;
  /** Settles when every thread has built its environment (importing the engine takes a moment). */
  readonly ready: Promise<void>;

  /** Starts `cores` threads; tasks queue until they are ready. */
  constructor(
    private readonly setup: TaskEnvSetup,
    cores: number,
    private readonly logger: Logger,
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
      (thread, taskId, outcome) => this.finished(thread, taskId, outcome),
      (thread, reason) => this.threadExited(thread, reason),
      () => this.dispatch(),
    );
  }

  run(task: TaskDescription, payloadId: number, epoch: number): Promise<TaskOutcome> {
    return new Promise<TaskOutcome>((resolve) => {
      this.queue.push({ task, payloadId, epoch, resolve });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      if (this.queue.length === 0) return;
      if (thread.current !== undefined || thread.exited || !thread.isReady) continue;
      const next = this.queue.shift()!;
      thread.current = next;
      thread.send(next, false);
    }
  }

  private finished(thread: TaskThread, taskId: number, outcome: TaskOutcome): void {
    const current = thread.current;
    if (current === undefined || current.task.taskId !== taskId) return;
    thread.current = undefined;
    current.resolve(outcome);
    this.dispatch();
  }

  /** A thread that died (killed task, crash in user code) fails its task and is replaced. */
  private threadExited(thread: TaskThread, reason: string): void {
    const index = this.threads.indexOf(thread);
    const current = thread.current;
    thread.current = undefined;
    if (current !== undefined) {
      current.resolve({
        status: 'failed',
        failure: { errorName: 'KindlingError', code: 'INTERNAL', message: `Task ${current.task.taskId}: ${reason}`, stack: '' },
      });
    }
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

  kill(taskId: number, reason: string): boolean {
    const queuedIndex = this.queue.findIndex((q) => q.task.taskId === taskId);
    if (queuedIndex >= 0) {
      this.queue.splice(queuedIndex, 1)[0]!.resolve(killedOutcome(reason));
      return true;
    }
    const thread = this.threads.find((t) => t.current?.task.taskId === taskId);
    if (thread === undefined) return false;
    const current = thread.current!;
    thread.current = undefined;
    current.resolve(killedOutcome(reason));
    // Terminating emits 'exit', which replaces the thread (its current task is already answered).
    void thread.worker.terminate();
    return true;
  }

  runningTaskIds(): number[] {
    return this.threads.flatMap((t) => (t.current === undefined ? [] : [t.current.task.taskId]));
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

  removeBroadcast(_broadcastId: number): Promise<void> {
    // Broadcast blocks are not kept by executors yet; nothing to drop.
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.resolve(killedOutcome('executor stopping'));
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
