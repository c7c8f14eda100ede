/**
 * The streaming part of the REST API in Spark's shapes
 * (org.apache.spark.status.api.v1.streaming: StreamingStatistics, BatchInfo,
 * OutputOperationInfo, ReceiverInfo), and Kindling's `/checkpoints` answer.
 * Averages are over the retained completed batches, as Spark's
 * StreamingJobProgressListener computes them.
 */
import type { AppStatusStore } from '../status/app-status-store.js';
import type { BatchRecord, StreamingRecord } from '../status/status-records.js';
import type { OutputOperationData } from '../status/ui-event.js';
import { sparkDate, withoutUndefined } from './spark-json.js';

export function streamingStatistics(streaming: StreamingRecord): Record<string, unknown> {
  const completed: BatchRecord[] = [];
  let active = 0;
  for (const batch of streaming.batches.values()) {
    if (batch.status === 'COMPLETED') completed.push(batch);
    else active++;
  }
  let activeReceivers = 0;
  for (const r of streaming.receivers.values()) if (r.data.active) activeReceivers++;
  const average = (values: Array<number | undefined>): number | undefined => {
    const present = values.filter((v): v is number => v !== undefined);
    return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0) / present.length;
  };
  const avgLong = (values: Array<number | undefined>): number | undefined => {
    const avg = average(values);
    return avg === undefined ? undefined : Math.floor(avg);
  };
  return withoutUndefined({
    startTime: sparkDate(streaming.startTime),
    batchDuration: streaming.batchDuration,
    numReceivers: streaming.receivers.size,
    numActiveReceivers: activeReceivers,
    numInactiveReceivers: streaming.receivers.size - activeReceivers,
    numTotalCompletedBatches: streaming.numTotalCompletedBatches,
    numRetainedCompletedBatches: completed.length,
    numActiveBatches: active,
    numProcessedRecords: streaming.numProcessedRecords,
    numReceivedRecords: streaming.numReceivedRecords,
    avgInputRate: average(completed.map((b) => (b.data.numRecords * 1000) / streaming.batchDuration)),
    avgSchedulingDelay: avgLong(completed.map((b) => schedulingDelay(b))),
    avgProcessingTime: avgLong(completed.map((b) => processingTime(b))),
    avgTotalDelay: avgLong(completed.map((b) => totalDelay(b))),
  });
}

function schedulingDelay(b: BatchRecord): number | undefined {
  return b.data.processingStartTime === undefined ? undefined : b.data.processingStartTime - b.data.submissionTime;
}

function processingTime(b: BatchRecord): number | undefined {
  const { processingStartTime: start, processingEndTime: end } = b.data;
  return start === undefined || end === undefined ? undefined : end - start;
}

function totalDelay(b: BatchRecord): number | undefined {
  const s = schedulingDelay(b);
  const p = processingTime(b);
  return s === undefined || p === undefined ? undefined : s + p;
}

export function batchInfo(batch: BatchRecord, batchDuration: number): Record<string, unknown> {
  const ops = batch.data.outputOperations;
  let activeOps = 0;
  let completedOps = 0;
  let failedOps = 0;
  let firstFailureReason: string | undefined;
  for (const op of ops) {
    if (op.endTime === undefined) {
      if (op.startTime !== undefined) activeOps++;
    } else if (op.failureReason === undefined) {
      completedOps++;
    } else {
      failedOps++;
      firstFailureReason ??= op.failureReason;
    }
  }
  return withoutUndefined({
    batchId: batch.data.batchTime,
    batchTime: sparkDate(batch.data.batchTime),
    status: batch.status,
    batchDuration,
    inputSize: batch.data.numRecords,
    schedulingDelay: schedulingDelay(batch),
    processingTime: processingTime(batch),
    totalDelay: totalDelay(batch),
    numActiveOutputOps: activeOps,
    numCompletedOutputOps: completedOps,
    numFailedOutputOps: failedOps,
    numTotalOutputOps: ops.length,
    firstFailureReason,
    // Kindling: the batch's checkpoint write, when the streaming context reports one.
    checkpoint: batch.data.checkpoint,
  });
}

/** An output operation, with the ids of the jobs it ran (Spark lists them as `jobIds`). */
export function outputOperationInfo(op: OutputOperationData, jobIds: readonly number[]): Record<string, unknown> {
  return withoutUndefined({
    outputOpId: op.id,
    name: op.name,
    description: op.description,
    startTime: op.startTime === undefined ? undefined : sparkDate(op.startTime),
    endTime: op.endTime === undefined ? undefined : sparkDate(op.endTime),
    duration: op.startTime === undefined || op.endTime === undefined ? undefined : op.endTime - op.startTime,
    failureReason: op.failureReason,
    jobIds,
  });
}

export function receiverInfos(streaming: StreamingRecord): Array<Record<string, unknown>> {
  return [...streaming.receivers.values()]
    .sort((a, b) => a.data.streamId - b.data.streamId)
    .map(({ data, recordsPerBatch }) => {
      const eventRates = [...recordsPerBatch.entries()].map(([time, records]) => [time, (records * 1000) / streaming.batchDuration] as [number, number]);
      const avgEventRate = eventRates.length === 0 ? undefined : eventRates.reduce((sum, [, rate]) => sum + rate, 0) / eventRates.length;
      return withoutUndefined({
        streamId: data.streamId,
        streamName: data.name,
        isActive: data.active,
        executorId: data.executorId,
        executorHost: data.location,
        lastErrorTime: data.lastErrorTime === undefined ? undefined : sparkDate(data.lastErrorTime),
        lastErrorMessage: data.lastErrorMessage,
        lastError: data.lastError,
        avgEventRate,
        eventRates,
      });
    });
}

/**
 * Kindling's `/checkpoints`: the metadata checkpoint writes (time, file, size,
 * duration), each batch's state checkpoint when reported, the RDD checkpoint
 * directories seen in stage graphs, and every recovery from a checkpoint.
 */
export function checkpointsInfo(store: AppStatusStore): Record<string, unknown> {
  const streaming = store.streaming;
  const batchCheckpoints: Array<Record<string, unknown>> = [];
  for (const batch of streaming?.batches.values() ?? []) {
    const cp = batch.data.checkpoint;
    if (cp !== undefined) batchCheckpoints.push({ batchId: batch.data.batchTime, batchTime: sparkDate(batch.data.batchTime), ...cp });
  }
  return withoutUndefined({
    checkpointDir: streaming?.checkpointDir,
    metadataCheckpoints: store.metadataCheckpoints.map((c) =>
      withoutUndefined({
        checkpointTime: sparkDate(c.checkpointTime),
        checkpointTimeEpoch: c.checkpointTime,
        file: c.file,
        succeeded: c.file !== undefined,
        bytes: c.bytes,
        durationMs: c.durationMs,
        writtenAt: sparkDate(c.time),
      }),
    ),
    batchCheckpoints,
    rddCheckpoints: [...store.rddCheckpoints.values()],
    recoveries: store.restarts.map((r) => ({
      time: sparkDate(r.time),
      checkpointFile: r.checkpointFile,
      checkpointTime: sparkDate(r.checkpointTime),
      checkpointTimeEpoch: r.checkpointTime,
      downTimeBatches: r.downTimeBatches,
      pendingBatches: r.pendingBatches,
      rescheduledBatches: r.rescheduledBatches,
    })),
  });
}
