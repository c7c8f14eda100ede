/**
 * Converts the task contract (task/task-types.ts) to and from its proto messages.
 * Both ends of the task channel use these, so a field added to the contract is
 * added here once. Payload and result bytes are handled by the callers (they may
 * travel separately, see proto/kindling.proto).
 */
import { deserialize, serialize } from 'node:v8';
import type { MapStatus, TaskDescription, TaskFailure, TaskMetrics, TaskOutcome } from '../task/index.js';
import type { MapStatus as WireMapStatus, MapStatus__Output } from './generated/kindling/MapStatus.js';
import type { TaskDescription as WireTaskDescription, TaskDescription__Output } from './generated/kindling/TaskDescription.js';
import type { TaskFailure as WireTaskFailure, TaskFailure__Output } from './generated/kindling/TaskFailure.js';
import type { TaskMetrics as WireTaskMetrics, TaskMetrics__Output } from './generated/kindling/TaskMetrics.js';
import type { TaskStatus as WireTaskStatus, TaskStatus__Output } from './generated/kindling/TaskStatus.js';
import type { TaskSuccess as WireTaskSuccess } from './generated/kindling/TaskSuccess.js';

/** `payload` is set only when this executor has not been sent `payloadId` yet and it is small enough. */
export function taskToWire(task: TaskDescription, payloadId: number, payload: Uint8Array | undefined, epoch = 0): WireTaskDescription {
  // Built field by field, without spreads: this runs once per task launch.
  const wire: WireTaskDescription = {
    taskId: task.taskId,
    jobId: task.jobId,
    stageId: task.stageId,
    stageAttemptId: task.stageAttemptId,
    partitionId: task.partitionId,
    attemptNumber: task.attemptNumber,
    appId: task.appId,
    bundleSha256: task.bundleSha256,
    payloadId,
    payloadSize: task.payload.byteLength,
    epoch,
  };
  if (payload !== undefined) wire.payload = payload;
  return wire;
}

export function taskFromWire(wire: TaskDescription__Output, payload: Uint8Array): TaskDescription {
  return {
    taskId: wire.taskId,
    jobId: wire.jobId,
    stageId: wire.stageId,
    stageAttemptId: wire.stageAttemptId,
    partitionId: wire.partitionId,
    attemptNumber: wire.attemptNumber,
    appId: wire.appId,
    bundleSha256: wire.bundleSha256,
    payload,
  };
}

export function mapStatusToWire(status: MapStatus): WireMapStatus {
  return {
    shuffleId: status.shuffleId,
    mapId: status.mapId,
    executorId: status.executorId,
    address: status.address,
    blockSizes: [...status.blockSizes],
  };
}

export function mapStatusFromWire(wire: MapStatus__Output): MapStatus {
  return {
    shuffleId: wire.shuffleId,
    mapId: wire.mapId,
    executorId: wire.executorId,
    address: wire.address,
    blockSizes: wire.blockSizes,
  };
}

function metricsToWire(metrics: TaskMetrics): WireTaskMetrics {
  return {
    executorRunTimeMs: metrics.executorRunTimeMs,
    recordsRead: metrics.recordsRead,
    recordsWritten: metrics.recordsWritten,
    shuffleBytesWritten: metrics.shuffleBytesWritten,
    shuffleBytesRead: metrics.shuffleBytesRead,
    diskBytesSpilled: metrics.diskBytesSpilled ?? 0,
  };
}

function metricsFromWire(wire: TaskMetrics__Output): TaskMetrics {
  return {
    executorRunTimeMs: wire.executorRunTimeMs,
    recordsRead: wire.recordsRead,
    recordsWritten: wire.recordsWritten,
    shuffleBytesWritten: wire.shuffleBytesWritten,
    shuffleBytesRead: wire.shuffleBytesRead,
    diskBytesSpilled: wire.diskBytesSpilled,
  };
}

const noMetrics: TaskMetrics = { executorRunTimeMs: 0, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleBytesRead: 0, diskBytesSpilled: 0 };

function failureToWire(failure: TaskFailure, metrics: TaskMetrics | undefined): WireTaskFailure {
  return {
    errorName: failure.errorName,
    code: failure.code,
    message: failure.message,
    stack: failure.stack,
    ...(failure.fetchFailed === undefined ? {} : { fetchFailed: { ...failure.fetchFailed } }),
    ...(metrics === undefined ? {} : { metrics: metricsToWire(metrics) }),
  };
}

function failureFromWire(wire: TaskFailure__Output): TaskFailure {
  const fetch = wire.fetchFailed;
  return {
    errorName: wire.errorName,
    code: wire.code,
    message: wire.message,
    stack: wire.stack,
    ...(fetch === null || fetch === undefined
      ? {}
      : { fetchFailed: { shuffleId: fetch.shuffleId, mapId: fetch.mapId, reduceId: fetch.reduceId, executorId: fetch.executorId } }),
  };
}

/**
 * The status update of a finished task. With `resultRemote`, the result bytes stay
 * on the executor and only their size travels (the driver fetches them).
 */
export function outcomeToWire(taskId: number, outcome: TaskOutcome, resultRemote = false): WireTaskStatus {
  switch (outcome.status) {
    case 'success': {
      // Built field by field, without spreads: this runs once per finished task.
      const success: WireTaskSuccess = { resultSize: outcome.result.byteLength, metrics: metricsToWire(outcome.metrics) };
      if (resultRemote) success.resultRemote = true;
      else success.result = outcome.result;
      if (outcome.mapStatus !== undefined) success.mapStatus = mapStatusToWire(outcome.mapStatus);
      if (outcome.updatedBlocks !== undefined) success.updatedBlocks = [...outcome.updatedBlocks];
      if (outcome.accumUpdates !== undefined) success.accumUpdates = outcome.accumUpdates.map((u) => ({ accumulatorId: u.id, state: serialize(u.state) }));
      return { taskId, success };
    }
    case 'failed':
      return { taskId, failure: failureToWire(outcome.failure, outcome.metrics) };
    case 'killed':
      return { taskId, killedReason: outcome.reason };
    default: {
      const unexpected: never = outcome;
      throw new Error(`unknown task outcome ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * The TaskOutcome a status update describes. For a success whose result stayed on
 * the executor (`resultRemote`), pass the fetched bytes as `result`.
 */
export function outcomeFromWire(wire: TaskStatus__Output, result?: Uint8Array): TaskOutcome {
  switch (wire.outcome) {
    case 'success': {
      const success = wire.success!;
      const mapStatus = success.mapStatus;
      return {
        status: 'success',
        result: result ?? success.result,
        metrics: success.metrics === null || success.metrics === undefined ? noMetrics : metricsFromWire(success.metrics),
        ...(mapStatus === null || mapStatus === undefined ? {} : { mapStatus: mapStatusFromWire(mapStatus) }),
        ...(success.updatedBlocks.length === 0 ? {} : { updatedBlocks: success.updatedBlocks }),
        ...(success.accumUpdates.length === 0 ? {} : { accumUpdates: success.accumUpdates.map((u) => ({ id: u.accumulatorId, state: deserialize(u.state) as unknown })) }),
      };
    }
    case 'failure': {
      const failure = wire.failure!;
      const metrics = failure.metrics;
      return {
        status: 'failed',
        failure: failureFromWire(failure),
        ...(metrics === null || metrics === undefined ? {} : { metrics: metricsFromWire(metrics) }),
      };
    }
    case 'killedReason':
      return { status: 'killed', reason: wire.killedReason ?? '' };
    default:
      return {
        status: 'failed',
        failure: { errorName: 'KindlingError', code: 'INTERNAL', message: `Task ${wire.taskId}: status update without an outcome`, stack: '' },
      };
  }
}
