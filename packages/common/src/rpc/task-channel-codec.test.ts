/**
 * The task channel's codec against @grpc/proto-loader's, on messages with every
 * field set and with none: the same bytes on the wire, and the same objects out
 * (defaults filled in, 64-bit integers as numbers, bytes as Buffers, the oneof's
 * virtual field), so handlers cannot tell them apart.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';
import type { LaunchTasksRequest } from './generated/kindling/LaunchTasksRequest.js';
import type { StatusUpdateBatch } from './generated/kindling/StatusUpdateBatch.js';
import { kindlingProtoFile, protoLoaderOptions } from './proto-files.js';
import { taskChannelCodec } from './task-channel-codec.js';

const definition = loadSync(kindlingProtoFile, protoLoaderOptions);
const reference = (definition['kindling.ExecutorService'] as Record<string, MethodDefinition<object, object>>)['LaunchTasks']!;
const fast = taskChannelCodec();

const requests: Array<[string, LaunchTasksRequest]> = [
  ['an open message', { open: { appId: 'app-1', executorId: '3' } }],
  ['an empty open message', { open: {} }],
  ['an empty batch', { tasks: { tasks: [] } }],
  [
    'tasks with and without a payload, ids past 2^32',
    {
      tasks: {
        tasks: [
          { taskId: 2 ** 40 + 7, jobId: 1, stageId: 2, stageAttemptId: 1, partitionId: 9, attemptNumber: 2, appId: 'app-1', bundleSha256: 'ab'.repeat(32), payloadId: 2 ** 33, payload: new Uint8Array([1, 2, 3]), payloadSize: 3, epoch: 5 },
          { taskId: 8, jobId: 1, stageId: 2, stageAttemptId: 0, partitionId: 10, attemptNumber: 0, appId: 'app-1', bundleSha256: '', payloadId: 4, payloadSize: 3, epoch: 0 },
          {},
        ],
      },
    },
  ],
];

const metrics = { executorRunTimeMs: 0.125, recordsRead: 2 ** 35, recordsWritten: 3, shuffleBytesWritten: 4, shuffleBytesRead: 5, diskBytesSpilled: 6 };
const responses: Array<[string, StatusUpdateBatch]> = [
  ['no updates', { updates: [] }],
  [
    'every outcome, with every field and with none',
    {
      updates: [
        {
          taskId: 2 ** 41,
          success: {
            result: new Uint8Array([9, 8, 7]),
            resultSize: 3,
            metrics,
            mapStatus: { shuffleId: 1, mapId: 2, executorId: '0', address: '127.0.0.1:1234', blockSizes: [0, 10, 2 ** 34] },
            updatedBlocks: ['rdd_3_0', 'rdd_3_1'],
            accumUpdates: [{ accumulatorId: 2 ** 41, state: new Uint8Array([1, 2]) }, { accumulatorId: 3 }],
          },
        },
        { taskId: 2, success: { resultRemote: true, resultSize: 2 ** 36 } },
        { taskId: 3, success: {} },
        { taskId: 4, failure: { errorName: 'FetchFailedError', code: 'FETCH_FAILED', message: 'gone', stack: 'at x', fetchFailed: { shuffleId: 1, mapId: 2, reduceId: 3, executorId: '1' }, metrics } },
        { taskId: 5, failure: {} },
        { taskId: 6, killedReason: 'stage cancelled' },
        { taskId: 7, killedReason: '' },
        { taskId: 8 },
      ],
    },
  ],
];

void describe('task channel codec', () => {
  for (const [name, message] of requests) {
    void test(`launch request, ${name}: same bytes, same object`, () => {
      const bytes = reference.requestSerialize(message);
      assert.deepEqual(fast.requestSerialize(message), bytes);
      assert.deepStrictEqual(fast.requestDeserialize(bytes), reference.requestDeserialize(bytes));
    });
  }
  for (const [name, message] of responses) {
    void test(`status batch, ${name}: same bytes, same object`, () => {
      const bytes = reference.responseSerialize(message);
      assert.deepEqual(fast.responseSerialize(message), bytes);
      assert.deepStrictEqual(fast.responseDeserialize(bytes), reference.responseDeserialize(bytes));
    });
  }
});
