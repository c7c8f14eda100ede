/**
 * Turns the driver's listener callbacks into UiEvents (ui-event.ts) for the
 * status store and the event log (Spark's AppStatusListener and
 * EventLoggingListener both sit on its bus the same way).
 *
 * Called synchronously on the schedulers' event loops: each callback builds one
 * small event object around the objects the scheduler already made (a TaskInfo is
 * passed on, not copied) and hands it to the sink. Nothing here waits.
 */
import { hostname, userInfo } from 'node:os';
import type {
  BlockUpdatedEvent,
  ExecutorAddedEvent,
  ExecutorHeartbeatEvent,
  ExecutorRemovedEvent,
  JobEndEvent,
  JobStartEvent,
  KindlingListener,
  StageCompletedEvent,
  StageSubmittedEvent,
  TaskEndEvent,
  TaskStartEvent,
  UnpersistRddEvent,
} from '../../scheduler/kindling-listener.js';
import type { BatchInfo, OutputOperationInfo } from '../../streaming/batch-info.js';
import type { ReceiverInfo, StreamingListener } from '../../streaming/streaming-listener.js';
import type { BatchCheckpointData, BatchData, OutputOperationData, ReceiverData, UiEvent } from './ui-event.js';

export type UiEventSink = (event: UiEvent) => void;

export class LiveUiListener implements KindlingListener {
  constructor(private readonly sink: UiEventSink) {}

  onJobStart(event: JobStartEvent): void {
    this.sink({
      type: 'JobStart',
      jobId: event.jobId,
      time: event.time,
      stageInfos: event.stageInfos,
      ...(event.description === undefined ? {} : { description: event.description }),
      ...(event.properties === undefined ? {} : { properties: event.properties }),
    });
  }

  onJobEnd(event: JobEndEvent): void {
    this.sink({
      type: 'JobEnd',
      jobId: event.jobId,
      time: event.time,
      succeeded: event.succeeded,
      ...(event.error === undefined ? {} : { errorMessage: event.error.message }),
    });
  }

  onStageSubmitted(event: StageSubmittedEvent): void {
    this.sink({ type: 'StageSubmitted', time: Date.now(), stageInfo: event.stageInfo, rddInfos: event.rddInfos ?? [] });
  }

  onStageCompleted(event: StageCompletedEvent): void {
    this.sink({ type: 'StageCompleted', time: Date.now(), stageInfo: event.stageInfo });
  }

  onTaskStart(event: TaskStartEvent): void {
    this.sink({ type: 'TaskStart', taskInfo: event.taskInfo });
  }

  onTaskEnd(event: TaskEndEvent): void {
    this.sink({
      type: 'TaskEnd',
      taskInfo: event.taskInfo,
      reason: event.reason,
      finishTime: event.finishTime ?? Date.now(),
      ...(event.errorMessage === undefined ? {} : { errorMessage: event.errorMessage }),
      ...(event.metrics === undefined ? {} : { metrics: event.metrics }),
    });
  }

  onExecutorAdded(event: ExecutorAddedEvent): void {
    this.sink({ type: 'ExecutorAdded', executorId: event.executorId, host: event.host, cores: event.cores, time: event.time });
  }

  onExecutorRemoved(event: ExecutorRemovedEvent): void {
    this.sink({ type: 'ExecutorRemoved', executorId: event.executorId, reason: event.reason, time: event.time });
  }

  onExecutorHeartbeat(event: ExecutorHeartbeatEvent): void {
    this.sink({ type: 'ExecutorHeartbeat', executorId: event.executorId, time: event.time });
  }

  onBlockUpdated(event: BlockUpdatedEvent): void {
    this.sink({ type: 'BlockUpdated', executorId: event.executorId, blockIds: event.blockIds });
  }

  onUnpersistRDD(event: UnpersistRddEvent): void {
    this.sink({ type: 'UnpersistRDD', rddId: event.rddId });
  }
}

/** What the streaming listener needs to know of its StreamingContext. */
export interface StreamingSide {
  readonly batchDurationMs: number;
  readonly checkpointDir: () => string | undefined;
}

export class StreamingUiListener implements StreamingListener {
  constructor(
    private readonly sink: UiEventSink,
    private readonly side: StreamingSide,
  ) {}

  onStreamingStarted(event: { readonly time: number }): void {
    const checkpointDir = this.side.checkpointDir();
    this.sink({ type: 'StreamingStarted', time: event.time, batchDuration: this.side.batchDurationMs, ...(checkpointDir === undefined ? {} : { checkpointDir }) });
  }

  onStreamingStopped(event: { readonly time: number }): void {
    this.sink({ type: 'StreamingStopped', time: event.time });
  }

  onBatchSubmitted(event: { readonly batchInfo: BatchInfo }): void {
    this.sink({ type: 'BatchSubmitted', batch: batchData(event.batchInfo) });
  }

  onBatchStarted(event: { readonly batchInfo: BatchInfo }): void {
    this.sink({ type: 'BatchStarted', batch: batchData(event.batchInfo) });
  }

  onBatchCompleted(event: { readonly batchInfo: BatchInfo }): void {
    this.sink({ type: 'BatchCompleted', batch: batchData(event.batchInfo) });
  }

  onOutputOperationStarted(event: { readonly outputOperationInfo: OutputOperationInfo }): void {
    this.sink({ type: 'OutputOperationStarted', outputOperation: outputOperationData(event.outputOperationInfo) });
  }

  onOutputOperationCompleted(event: { readonly outputOperationInfo: OutputOperationInfo }): void {
    this.sink({ type: 'OutputOperationCompleted', outputOperation: outputOperationData(event.outputOperationInfo) });
  }

  onReceiverStarted(event: { readonly receiverInfo: ReceiverInfo }): void {
    this.sink({ type: 'ReceiverStarted', receiver: receiverData(event.receiverInfo) });
  }

  onReceiverError(event: { readonly receiverInfo: ReceiverInfo }): void {
    this.sink({ type: 'ReceiverError', receiver: receiverData(event.receiverInfo) });
  }

  onReceiverStopped(event: { readonly receiverInfo: ReceiverInfo }): void {
    this.sink({ type: 'ReceiverStopped', receiver: receiverData(event.receiverInfo) });
  }

  onMetadataCheckpointWritten(event: { readonly checkpointTime: number; readonly file: string | undefined; readonly bytes: number; readonly durationMs: number; readonly time: number }): void {
    this.sink({
      type: 'MetadataCheckpointWritten',
      checkpointTime: event.checkpointTime,
      ...(event.file === undefined ? {} : { file: event.file }),
      bytes: event.bytes,
      durationMs: event.durationMs,
      time: event.time,
    });
  }

  onStreamingRestarted(event: {
    readonly time: number;
    readonly checkpointFile: string;
    readonly checkpointTime: number;
    readonly downTimeBatches: readonly number[];
    readonly pendingBatches: readonly number[];
    readonly rescheduledBatches: readonly number[];
  }): void {
    this.sink({ type: 'StreamingRestarted', ...event });
  }
}

function batchData(info: BatchInfo): BatchData {
  const streamIdToNumRecords: Record<string, number> = {};
  for (const [streamId, input] of info.streamIdToInputInfo) streamIdToNumRecords[String(streamId)] = input.numRecords;
  const outputOperations: OutputOperationData[] = [];
  for (const op of info.outputOperationInfos.values()) outputOperations.push(outputOperationData(op));
  // BatchInfo.checkpoint is added by the state checkpoint work; carried through when present.
  const checkpoint = (info as { readonly checkpoint?: BatchCheckpointData }).checkpoint;
  return {
    batchTime: info.batchTime,
    submissionTime: info.submissionTime,
    ...(info.processingStartTime === undefined ? {} : { processingStartTime: info.processingStartTime }),
    ...(info.processingEndTime === undefined ? {} : { processingEndTime: info.processingEndTime }),
    numRecords: info.numRecords,
    streamIdToNumRecords,
    outputOperations,
    ...(checkpoint === undefined ? {} : { checkpoint: { durationMs: checkpoint.durationMs, bytesWritten: checkpoint.bytesWritten, mode: checkpoint.mode } }),
  };
}

function outputOperationData(op: OutputOperationInfo): OutputOperationData {
  return {
    batchTime: op.batchTime,
    id: op.id,
    name: op.name,
    description: op.description,
    ...(op.startTime === undefined ? {} : { startTime: op.startTime }),
    ...(op.endTime === undefined ? {} : { endTime: op.endTime }),
    ...(op.failureReason === undefined ? {} : { failureReason: op.failureReason }),
  };
}

function receiverData(info: ReceiverInfo): ReceiverData {
  return {
    streamId: info.streamId,
    name: info.name,
    active: info.active,
    ...(info.location === undefined ? {} : { location: info.location }),
    ...(info.executorId === undefined ? {} : { executorId: info.executorId }),
    ...(info.lastErrorMessage === undefined ? {} : { lastErrorMessage: info.lastErrorMessage }),
    ...(info.lastError === undefined ? {} : { lastError: info.lastError }),
    ...(info.lastErrorTime === undefined ? {} : { lastErrorTime: info.lastErrorTime }),
  };
}

/** Spark's spark.redaction.regex default: values of keys that look like secrets are never shown or logged. */
export const REDACTION_PATTERN = /secret|password|token/i;
export const REDACTED = '*********(redacted)';

export function redact(pairs: Iterable<readonly [string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of pairs) out.push([key, REDACTION_PATTERN.test(key) ? REDACTED : value]);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The environment event of this driver process; configuration and environment values redacted. */
export function environmentEvent(conf: Iterable<readonly [string, string]>): UiEvent {
  const env = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0].startsWith('KINDLING_'));
  return {
    type: 'EnvironmentUpdate',
    runtime: { javaVersion: `Node.js ${process.version} (V8 ${process.versions.v8})`, javaHome: process.execPath, scalaVersion: `TypeScript` },
    kindlingProperties: redact(conf),
    systemProperties: redact([
      ['os.name', process.platform],
      ['os.arch', process.arch],
      ['host.name', hostname()],
      ['user.name', currentUser()],
      ['user.dir', process.cwd()],
      ['process.pid', String(process.pid)],
      ...env.map(([k, v]) => [`env.${k}`, v] as const),
    ]),
  };
}

export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}
