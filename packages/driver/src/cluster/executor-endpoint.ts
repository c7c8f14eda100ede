/**
 * The driver's handle on one registered executor (Spark's ExecutorData plus its
 * RpcEndpointRef): the client for its ExecutorService and the task channel — a
 * LaunchTasks stream on which task launches go down and status updates come up.
 *
 * Launches made in the same turn of the event loop (the task scheduler offers all
 * free cores at once) travel as one message; a stage's payload travels once, with
 * the first of its tasks this executor gets, and afterwards only its id.
 */
import {
  ExecutorLostError,
  callPolicies,
  collectChunks,
  createClient,
  type grpc,
  kindlingProto,
  maxInlineBytes,
  outcomeFromWire,
  taskToWire,
  unary,
  withRetry,
  type ExecutorServiceClient,
  type LaunchTasksRequest,
  type Logger,
  type RpcSecurity,
  type StatusUpdateBatch__Output,
  type TaskDescription,
  type TaskOutcome,
  type TaskStatus__Output,
  type WireTaskDescription,
} from '@kindling/common';
import type { PayloadRegistry } from './payload-registry.js';

export interface ExecutorEndpointInfo {
  readonly executorId: string;
  readonly host: string;
  readonly port: number;
  readonly cores: number;
  readonly pid: number;
}

export interface ExecutorEndpointEvents {
  statusUpdate(executorId: string, taskId: number, outcome: TaskOutcome): void;
  /** The task channel ended: the executor process is gone, or cut off. Called once. */
  channelClosed(executorId: string, reason: string): void;
}

/** A launch message stays well under the 16 MiB message cap (payloads above 1 MiB never travel inline). */
const maxBatchBytes = 4 * 1024 * 1024;

export class ExecutorEndpoint {
  readonly address: string;
  lastHeartbeat = Date.now();
  private readonly client: ExecutorServiceClient;
  private readonly channel: grpc.ClientDuplexStream<LaunchTasksRequest, StatusUpdateBatch__Output>;
  private readonly sentPayloads = new Set<number>();
  private pending: WireTaskDescription[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private closed = false;

  constructor(
    readonly info: ExecutorEndpointInfo,
    private readonly appId: string,
    private readonly security: RpcSecurity,
    private readonly payloads: PayloadRegistry,
    private readonly events: ExecutorEndpointEvents,
    private readonly logger: Logger,
  ) {
    this.address = info.host.includes(':') ? `[${info.host}]:${info.port}` : `${info.host}:${info.port}`;
    this.client = createClient(kindlingProto().ExecutorService, this.address, security);
    // The one call without a deadline: it lives as long as the executor serves this
    // application. Its liveness is the heartbeat and the HTTP/2 keepalive.
    this.channel = this.client.launchTasks(security.callMetadata(appId));
    this.channel.write({ open: { appId, executorId: info.executorId } });
    this.channel.on('data', (batch: StatusUpdateBatch__Output) => {
      for (const update of batch.updates) this.onStatus(update);
    });
    this.channel.on('error', (error: grpc.ServiceError) => this.closeChannel(`task channel failed: ${error.details || error.message}`));
    this.channel.on('end', () => this.closeChannel('the executor closed its task channel'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  launch(task: TaskDescription, epoch: number): void {
    if (this.closed) throw new ExecutorLostError(`Executor ${this.info.executorId} is gone; task ${task.taskId} was not launched`);
    const payloadId = this.payloads.idOf(task.payload);
    const inline = !this.sentPayloads.has(payloadId) && task.payload.byteLength <= maxInlineBytes;
    if (inline) this.sentPayloads.add(payloadId);
    this.pending.push(taskToWire(task, payloadId, inline ? task.payload : undefined, epoch));
    this.pendingBytes += inline ? task.payload.byteLength : 0;
    if (this.pendingBytes >= maxBatchBytes) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.closed) return;
    const tasks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.channel.write({ tasks: { tasks } });
  }

  private onStatus(update: TaskStatus__Output): void {
    if (update.outcome === 'success' && update.success?.resultRemote === true) {
      void this.fetchResult(update);
      return;
    }
    this.events.statusUpdate(this.info.executorId, update.taskId, outcomeFromWire(update));
  }

  /** A result too large for a status update: fetch it, then report the task. */
  private async fetchResult(update: TaskStatus__Output): Promise<void> {
    try {
      const result = await withRetry(
        callPolicies.fetchTaskResult,
        `Fetching the result of task ${update.taskId} from executor ${this.info.executorId}`,
        (deadline) => collectChunks(this.client.fetchTaskResult({ taskId: update.taskId }, this.metadata(), { deadline }), `result of task ${update.taskId}`),
        { logger: this.logger },
      );
      this.events.statusUpdate(this.info.executorId, update.taskId, outcomeFromWire(update, result));
    } catch (error) {
      // If the executor is gone, executorLost accounts for the task; else report the loss of the result.
      if (this.closed) return;
      const message = error instanceof Error ? error.message : String(error);
      this.events.statusUpdate(this.info.executorId, update.taskId, {
        status: 'failed',
        failure: { errorName: 'TaskResultLost', code: 'EXECUTOR_LOST', message, stack: '' },
      });
    }
  }

  private metadata(): grpc.Metadata {
    return this.security.callMetadata(this.appId);
  }

  killTask(taskId: number, reason: string): Promise<void> {
    return this.call('killTask', `Killing task ${taskId} on executor ${this.info.executorId}`, (deadline, cb) =>
      this.client.killTask({ taskId, reason }, this.metadata(), { deadline }, cb),
    );
  }

  removeRdd(rddId: number): Promise<void> {
    return this.call('removeRdd', `Removing RDD ${rddId} on executor ${this.info.executorId}`, (deadline, cb) =>
      this.client.removeRdd({ rddId }, this.metadata(), { deadline }, cb),
    );
  }

  removeShuffle(shuffleId: number): Promise<void> {
    return this.call('removeShuffle', `Removing shuffle ${shuffleId} on executor ${this.info.executorId}`, (deadline, cb) =>
      this.client.removeShuffle({ shuffleId }, this.metadata(), { deadline }, cb),
    );
  }

  removeBroadcast(broadcastId: number): Promise<void> {
    return this.call('removeBroadcast', `Removing broadcast ${broadcastId} on executor ${this.info.executorId}`, (deadline, cb) =>
      this.client.removeBroadcast({ broadcastId }, this.metadata(), { deadline }, cb),
    );
  }

  shutdown(reason: string): Promise<void> {
    return this.call('shutdown', `Shutting down executor ${this.info.executorId}`, (deadline, cb) =>
      this.client.shutdown({ reason }, this.metadata(), { deadline }, cb),
    );
  }

  private async call(
    name: 'killTask' | 'removeRdd' | 'removeShuffle' | 'removeBroadcast' | 'shutdown',
    context: string,
    start: (deadline: Date, cb: (error: grpc.ServiceError | null, response?: object) => void) => grpc.ClientUnaryCall,
  ): Promise<void> {
    await withRetry(callPolicies[name], context, (deadline) => unary<object>((cb) => start(deadline, cb)), { logger: this.logger });
  }

  private closeChannel(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.events.channelClosed(this.info.executorId, reason);
  }

  /** Ends the task channel and the connection; no events follow. */
  close(): void {
    this.closed = true;
    this.channel.removeAllListeners('data');
    this.channel.on('error', () => undefined);
    this.channel.cancel();
    this.client.close();
  }
}
