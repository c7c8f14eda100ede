/**
 * What an executor holds for the one application it serves: its ids, its task
 * runner, payload and result caches, the running tasks, and the task channel the
 * driver opened. Dropped as a whole when the driver goes away or the executor
 * re-registers, so nothing of an old application leaks into a new one.
 */
import { rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  grpc,
  maxInlineBytes,
  outcomeToWire,
  removeShuffleFiles,
  taskFailure,
  taskFromWire,
  type LaunchTasksRequest__Output,
  type Logger,
  type StatusUpdateBatch,
  type TaskOutcome,
  type TaskStatus,
  type WireTaskDescription__Output,
} from '@kindling/common';
import type { BundleCache } from './bundle-cache.js';
import { withJobRelativeStack } from './bundle-stack-paths.js';
import type { DriverClient } from './driver-client.js';
import { PayloadCache } from './payload-cache.js';
import { ReportPacer } from './report-pacer.js';
import { ResultStore } from './result-store.js';
import { killedOutcome, type TaskRunner } from './task-runner.js';

export interface ExecutorAppInfo {
  readonly appId: string;
  readonly executorId: string;
  readonly address: string;
  /** This application's work directory (shuffle files, disk blocks); removed when the app is dropped. */
  readonly workDir: string;
}

/** The longest a finished task's status waits to share a message with others (see ReportPacer). */
const maxStatusDelayMs = 1;

type TaskChannelCall = grpc.ServerDuplexStream<LaunchTasksRequest__Output, StatusUpdateBatch>;

export class ExecutorApp {
  private readonly payloads: PayloadCache;
  private readonly payloadDownloads = new Map<number, Promise<Uint8Array>>();
  private readonly results = new ResultStore();
  private readonly running = new Set<number>();
  /** Tasks killed before they reached the runner (see kill). */
  private readonly killedBeforeRun = new Map<number, string>();
  private channel: TaskChannelCall | undefined;
  private pendingStatuses: TaskStatus[] = [];
  private readonly pacer: ReportPacer;
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly info: ExecutorAppInfo,
    private readonly runner: TaskRunner,
    private readonly driver: DriverClient,
    private readonly bundles: BundleCache,
    payloadCacheBytes: number,
    /** Tasks it runs at once; more than this are held only when the driver pipelines short tasks. */
    cores: number,
    private readonly logger: Logger,
    /** Called once when the task channel ends: the driver is gone or dropped this executor. */
    private readonly onChannelClosed: (reason: string) => void,
  ) {
    this.payloads = new PayloadCache(payloadCacheBytes);
    this.pacer = new ReportPacer(cores);
  }

  /** Adopts the driver's task channel (LaunchTasks) and serves it until it ends. */
  attachChannel(call: TaskChannelCall): void {
    if (this.channel !== undefined) {
      call.emit('error', { code: grpc.status.FAILED_PRECONDITION, details: `executor ${this.info.executorId} already has a task channel` });
      return;
    }
    this.channel = call;
    let ended = false;
    const end = (reason: string): void => {
      if (ended) return;
      ended = true;
      if (this.channel === call) this.channel = undefined;
      if (!this.closed) this.onChannelClosed(reason);
    };
    call.on('data', (message: LaunchTasksRequest__Output) => {
      if (message.message !== 'tasks') return;
      for (const task of message.tasks?.tasks ?? []) this.launch(task);
      this.pacer.added(this.running.size);
    });
    call.on('end', () => {
      end('the driver closed the task channel');
      call.end();
    });
    call.on('cancelled', () => end('the task channel was cancelled (driver gone)'));
    call.on('error', (error: Error) => end(`the task channel failed: ${error.message}`));
  }

  runningTaskIds(): number[] {
    return [...this.running];
  }

  private launch(wire: WireTaskDescription__Output): void {
    this.running.add(wire.taskId);
    void this.runOne(wire).then((outcome) => {
      this.running.delete(wire.taskId);
      this.killedBeforeRun.delete(wire.taskId);
      this.report(wire.taskId, outcome);
    });
  }

  private async runOne(wire: WireTaskDescription__Output): Promise<TaskOutcome> {
    try {
      if (wire.appId !== this.info.appId) {
        throw new Error(`Task ${wire.taskId} belongs to application ${wire.appId}, but this executor serves ${this.info.appId}`);
      }
      const payload = await this.payload(wire);
      if (wire.bundleSha256 !== '') await this.bundles.ensure(wire.bundleSha256);
      const killedReason = this.killedBeforeRun.get(wire.taskId);
      if (killedReason !== undefined) {
        this.killedBeforeRun.delete(wire.taskId);
        return killedOutcome(killedReason);
      }
      const outcome = await this.runner.run(taskFromWire(wire, payload), wire.payloadId, wire.epoch);
      return withJobRelativeStack(outcome, this.bundles.root, wire.bundleSha256);
    } catch (error) {
      return { status: 'failed', failure: taskFailure(error) };
    }
  }

  /** The task's payload: inline in its launch, cached from an earlier task of its stage, or downloaded. */
  private payload(wire: WireTaskDescription__Output): Promise<Uint8Array> {
    if (wire.payload.byteLength > 0 || wire.payloadSize === 0) {
      this.payloads.put(wire.payloadId, wire.payload);
      return Promise.resolve(wire.payload);
    }
    const cached = this.payloads.get(wire.payloadId);
    if (cached !== undefined) return Promise.resolve(cached);
    let download = this.payloadDownloads.get(wire.payloadId);
    if (download === undefined) {
      download = this.driver.fetchTaskPayload(wire.payloadId).then((bytes) => {
        this.payloads.put(wire.payloadId, bytes);
        return bytes;
      });
      download.finally(() => this.payloadDownloads.delete(wire.payloadId)).catch(() => undefined);
      this.payloadDownloads.set(wire.payloadId, download);
    }
    return download;
  }

  private report(taskId: number, outcome: TaskOutcome): void {
    if (this.closed) return;
    const remote = outcome.status === 'success' && outcome.result.byteLength > maxInlineBytes;
    if (remote) this.results.put(taskId, outcome.result);
    this.pendingStatuses.push(outcomeToWire(taskId, outcome, remote));
    if (this.pacer.reportNow(this.running.size)) {
      // Outcomes that finish in the same turn travel in one message.
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      queueMicrotask(() => this.flushStatuses());
    } else {
      // Held back for a batch, but never for long: a pipelined task may be slow.
      this.flushTimer ??= setTimeout(() => this.flushStatuses(), maxStatusDelayMs);
    }
  }

  private flushStatuses(): void {
    this.pacer.reported();
    this.flushScheduled = false;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const updates = this.pendingStatuses;
    if (updates.length === 0) return;
    this.pendingStatuses = [];
    if (this.channel === undefined) {
      this.logger.warn({ tasks: updates.map((u) => u.taskId) }, 'no task channel to report task outcomes on; the driver will treat them as lost');
      return;
    }
    this.channel.write({ updates });
  }

  kill(taskId: number, reason: string): void {
    // A task still waiting for its payload or bundle has not reached the runner:
    // remember the kill, or it would run to its end once they arrive.
    if (!this.runner.kill(taskId, reason) && this.running.has(taskId)) this.killedBeforeRun.set(taskId, reason);
  }

  takeResult(taskId: number): Uint8Array | undefined {
    return this.results.take(taskId);
  }

  async removeRdd(rddId: number): Promise<void> {
    await this.runner.removeRdd(rddId);
  }

  getBlockBytes(blockId: string): Promise<Uint8Array | undefined> {
    return this.runner.getBlockBytes(blockId);
  }

  /** Deletes the shuffle's files and what the task threads cached about its map outputs. */
  async removeShuffle(shuffleId: number): Promise<number> {
    await this.runner.removeShuffle(shuffleId);
    return removeShuffleFiles(this.info.workDir, shuffleId);
  }

  async removeBroadcast(broadcastId: number): Promise<void> {
    await this.runner.removeBroadcast(broadcastId);
  }

  /** Stops its tasks, ends its channel and deletes its work directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.flushTimer);
    const channel = this.channel;
    this.channel = undefined;
    channel?.end();
    await this.runner.close();
    this.payloads.clear();
    this.results.clear();
    await rm(this.info.workDir, { recursive: true, force: true });
    // The application's directory too, unless another executor sharing this work dir still uses it.
    await rmdir(dirname(this.info.workDir)).catch(() => undefined);
  }
}
