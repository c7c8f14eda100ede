import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskDescription, TaskOutcome } from '../task/index.js';
import type { TaskDescription as WireTaskDescription, TaskDescription__Output as WireTaskDescription__Output } from './generated/kindling/TaskDescription.js';
import type { TaskStatus, TaskStatus__Output } from './generated/kindling/TaskStatus.js';
import { kindlingProto } from './proto-loader.js';
import { outcomeFromWire, outcomeToWire, taskFromWire, taskToWire } from './task-codec.js';

/** Encodes and decodes with the serializers grpc-js uses for the task channel, as the wire does. */
const launchTasks = kindlingProto().ExecutorService.service.LaunchTasks;

function taskRoundTrip(wire: WireTaskDescription): WireTaskDescription__Output {
  const decoded = launchTasks.requestDeserialize(launchTasks.requestSerialize({ tasks: { tasks: [wire] } }));
  return decoded.tasks!.tasks[0]!;
}

function statusRoundTrip(wire: TaskStatus): TaskStatus__Output {
  return launchTasks.responseDeserialize(launchTasks.responseSerialize({ updates: [wire] })).updates[0]!;
}

const task: TaskDescription = {
  taskId: 12,
  jobId: 3,
  stageId: 4,
  stageAttemptId: 1,
  partitionId: 7,
  attemptNumber: 2,
  appId: 'app-1',
  bundleSha256: 'ab'.repeat(32),
  payload: new Uint8Array([1, 2, 3]),
};

void test('a task description survives the wire, with its payload sent once and its epoch', () => {
  const wire = taskRoundTrip(taskToWire(task, 5, task.payload, 9));
  assert.equal(wire.payloadId, 5);
  assert.equal(wire.epoch, 9);
  assert.deepEqual({ ...taskFromWire(wire, new Uint8Array(wire.payload)) }, { ...task });
  const withoutPayload = taskRoundTrip(taskToWire(task, 5, undefined));
  assert.equal(withoutPayload.payload.byteLength, 0);
  assert.equal(withoutPayload.payloadSize, 3);
});

const outcomes: TaskOutcome[] = [
  {
    status: 'success',
    result: new Uint8Array([9, 8]),
    metrics: { executorRunTimeMs: 1.5, recordsRead: 2, recordsWritten: 3, shuffleBytesWritten: 4, shuffleBytesRead: 5, diskBytesSpilled: 6 },
    mapStatus: { shuffleId: 1, mapId: 2, executorId: '0', address: '127.0.0.1:5', blockSizes: [0, 10, 2 ** 40] },
    updatedBlocks: ['rdd_1_2'],
    accumUpdates: [
      { id: 1796499359085, state: { sum: 2 ** 40, count: 3 } },
      { id: 7, state: ['a', { nested: [1, 2] }] },
    ],
  },
  {
    status: 'failed',
    failure: {
      errorName: 'FetchFailedError',
      code: 'FETCH_FAILED',
      message: 'gone',
      stack: 'at x',
      fetchFailed: { shuffleId: 1, mapId: -1, reduceId: -1, executorId: '2' },
    },
    metrics: { executorRunTimeMs: 0, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleBytesRead: 0, diskBytesSpilled: 0 },
  },
  { status: 'failed', failure: { errorName: 'Error', code: 'INTERNAL', message: 'boom', stack: '' } },
  { status: 'killed', reason: 'stage cancelled' },
];

for (const outcome of outcomes) {
  void test(`a ${outcome.status} outcome survives the wire unchanged (${JSON.stringify(outcome).slice(0, 60)}…)`, () => {
    const decoded = outcomeFromWire(statusRoundTrip(outcomeToWire(12, outcome)));
    // Buffers and Uint8Arrays with the same bytes compare equal.
    const normalize = (o: TaskOutcome): unknown =>
      JSON.parse(JSON.stringify(o.status === 'success' ? { ...o, result: [...o.result] } : o));
    assert.deepEqual(normalize(decoded), normalize(outcome));
  });
}

void test('a result kept on the executor travels as its size, and is joined back on the driver', () => {
  const outcome = outcomes[0]!;
  const wire = statusRoundTrip(outcomeToWire(12, outcome, true));
  assert.equal(wire.success?.resultRemote, true);
  assert.equal(wire.success?.result.byteLength, 0);
  assert.equal(wire.success?.resultSize, 2);
  const joined = outcomeFromWire(wire, new Uint8Array([9, 8]));
  assert.equal(joined.status === 'success' && [...joined.result].join(','), '9,8');
});
