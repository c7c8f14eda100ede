/**
 * A faster codec for the task channel (ExecutorService.LaunchTasks), the one RPC
 * whose messages scale with the number of tasks: the same bytes on the wire and
 * the same objects in the handlers as @grpc/proto-loader's codec (with
 * proto-files.ts's options), at a fraction of the cost.
 *
 * proto-loader serializes through protobufjs's `fromObject` then `encode`, and
 * deserializes through `decode` then a generic `toObject`; together 30-40 µs per
 * task across driver and executor on a loaded 2-core machine (`pnpm bench
 * cluster`, empty tasks). The objects Kindling writes are built by task-codec.ts
 * with the proto's types already (numbers for 64-bit integers, Uint8Array for
 * bytes), so `encode` takes them as they are; reading, the converters below know
 * each message's fields. task-channel-codec.test.ts checks both against
 * proto-loader's codec, field by field.
 */
import { join } from 'node:path';
import protobuf from 'protobufjs';
import type { FetchFailure__Output } from './generated/kindling/FetchFailure.js';
import type { LaunchTasksRequest, LaunchTasksRequest__Output } from './generated/kindling/LaunchTasksRequest.js';
import type { MapStatus__Output } from './generated/kindling/MapStatus.js';
import type { StatusUpdateBatch, StatusUpdateBatch__Output } from './generated/kindling/StatusUpdateBatch.js';
import type { TaskDescription__Output } from './generated/kindling/TaskDescription.js';
import type { TaskFailure__Output } from './generated/kindling/TaskFailure.js';
import type { TaskMetrics__Output } from './generated/kindling/TaskMetrics.js';
import type { TaskStatus__Output } from './generated/kindling/TaskStatus.js';
import type { TaskSuccess__Output } from './generated/kindling/TaskSuccess.js';
import { kindlingProtoFile, protoDir } from './proto-files.js';

/** A decoded protobufjs message: fields set on the wire are own properties, the others come from the prototype. */
type Decoded = Record<string, unknown>;

export interface TaskChannelCodec {
  requestSerialize(value: LaunchTasksRequest): Buffer;
  requestDeserialize(bytes: Buffer): LaunchTasksRequest__Output;
  responseSerialize(value: StatusUpdateBatch): Buffer;
  responseDeserialize(bytes: Buffer): StatusUpdateBatch__Output;
}

let codec: TaskChannelCodec | undefined;

export function taskChannelCodec(): TaskChannelCodec {
  if (codec === undefined) {
    const root = protobuf.loadSync(join(protoDir, kindlingProtoFile));
    const request = root.lookupType('kindling.LaunchTasksRequest');
    const response = root.lookupType('kindling.StatusUpdateBatch');
    codec = {
      requestSerialize: (value) => asBuffer(request.encode(value).finish()),
      requestDeserialize: (bytes) => launchTasksRequest(request.decode(bytes) as unknown as Decoded),
      responseSerialize: (value) => asBuffer(response.encode(value).finish()),
      responseDeserialize: (bytes) => statusUpdateBatch(response.decode(bytes) as unknown as Decoded),
    };
  }
  return codec;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** 64-bit integers decode as Long objects (proto-loader's `longs: Number` converts them). */
function num(value: unknown): number {
  if (typeof value === 'number') return value;
  return protobuf.util.LongBits.from(value as protobuf.Long).toNumber();
}

/** Bytes not on the wire read as protobufjs's shared empty array; proto-loader gives an empty Buffer. */
function bytesOf(value: unknown): Buffer {
  return value instanceof Uint8Array && value.byteLength > 0 ? asBuffer(value) : Buffer.alloc(0);
}

function has(message: Decoded, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, field);
}

function launchTasksRequest(m: Decoded): LaunchTasksRequest__Output {
  if (has(m, 'tasks')) {
    const batch = m['tasks'] as Decoded;
    return { tasks: { tasks: (batch['tasks'] as Decoded[]).map(taskDescription) }, message: 'tasks' };
  }
  if (has(m, 'open')) {
    const open = m['open'] as Decoded;
    return { open: { appId: open['appId'] as string, executorId: open['executorId'] as string }, message: 'open' };
  }
  return {};
}

function taskDescription(m: Decoded): TaskDescription__Output {
  return {
    taskId: num(m['taskId']),
    jobId: m['jobId'] as number,
    stageId: m['stageId'] as number,
    stageAttemptId: m['stageAttemptId'] as number,
    partitionId: m['partitionId'] as number,
    attemptNumber: m['attemptNumber'] as number,
    appId: m['appId'] as string,
    bundleSha256: m['bundleSha256'] as string,
    payloadId: num(m['payloadId']),
    payload: bytesOf(m['payload']),
    payloadSize: num(m['payloadSize']),
    epoch: num(m['epoch']),
  };
}

function statusUpdateBatch(m: Decoded): StatusUpdateBatch__Output {
  return { updates: (m['updates'] as Decoded[]).map(taskStatus) };
}

function taskStatus(m: Decoded): TaskStatus__Output {
  const taskId = num(m['taskId']);
  if (has(m, 'success')) return { taskId, success: taskSuccess(m['success'] as Decoded), outcome: 'success' };
  if (has(m, 'failure')) return { taskId, failure: taskFailure(m['failure'] as Decoded), outcome: 'failure' };
  if (has(m, 'killedReason')) return { taskId, killedReason: m['killedReason'] as string, outcome: 'killedReason' };
  return { taskId };
}

function taskSuccess(m: Decoded): TaskSuccess__Output {
  return {
    result: bytesOf(m['result']),
    resultRemote: m['resultRemote'] as boolean,
    resultSize: num(m['resultSize']),
    mapStatus: has(m, 'mapStatus') ? mapStatus(m['mapStatus'] as Decoded) : null,
    metrics: has(m, 'metrics') ? taskMetrics(m['metrics'] as Decoded) : null,
    updatedBlocks: [...(m['updatedBlocks'] as string[])],
    accumUpdates: (m['accumUpdates'] as Decoded[]).map((u) => ({ accumulatorId: num(u['accumulatorId']), state: bytesOf(u['state']) })),
  };
}

function taskFailure(m: Decoded): TaskFailure__Output {
  return {
    errorName: m['errorName'] as string,
    code: m['code'] as string,
    message: m['message'] as string,
    stack: m['stack'] as string,
    fetchFailed: has(m, 'fetchFailed') ? fetchFailure(m['fetchFailed'] as Decoded) : null,
    metrics: has(m, 'metrics') ? taskMetrics(m['metrics'] as Decoded) : null,
  };
}

function taskMetrics(m: Decoded): TaskMetrics__Output {
  return {
    executorRunTimeMs: m['executorRunTimeMs'] as number,
    recordsRead: num(m['recordsRead']),
    recordsWritten: num(m['recordsWritten']),
    shuffleBytesWritten: num(m['shuffleBytesWritten']),
    shuffleBytesRead: num(m['shuffleBytesRead']),
    diskBytesSpilled: num(m['diskBytesSpilled']),
  };
}

function mapStatus(m: Decoded): MapStatus__Output {
  return {
    shuffleId: m['shuffleId'] as number,
    mapId: m['mapId'] as number,
    executorId: m['executorId'] as string,
    address: m['address'] as string,
    blockSizes: (m['blockSizes'] as unknown[]).map(num),
  };
}

function fetchFailure(m: Decoded): FetchFailure__Output {
  return {
    shuffleId: m['shuffleId'] as number,
    mapId: m['mapId'] as number,
    reduceId: m['reduceId'] as number,
    executorId: m['executorId'] as string,
  };
}
