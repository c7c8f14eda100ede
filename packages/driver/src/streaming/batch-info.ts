/**
 * What happened to one batch (Spark's BatchInfo and OutputOperationInfo): when it was
 * submitted, started and ended, how many records it took in, and each output
 * operation's outcome. The delays are derived, as Spark derives them:
 * scheduling = start − submission, processing = end − start, total = the sum.
 */
import type { StreamInputInfo } from './input-info-tracker.js';

export interface OutputOperationInfo {
  readonly batchTime: number;
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
  /** The one-line error of a failed output operation. */
  readonly failureReason: string | undefined;
}

/**
 * The state checkpoint a batch wrote (issue 11): how long it took from the end of the
 * batch's jobs until its files were complete, the bytes of its part files, and
 * whether it was a full snapshot or a delta. With several stateful operators, the
 * longest duration, the bytes of all, and `full` when any was full.
 */
export interface BatchCheckpointInfo {
  readonly durationMs: number;
  readonly bytesWritten: number;
  readonly mode: 'full' | 'delta';
}

export interface BatchInfo {
  readonly batchTime: number;
  readonly streamIdToInputInfo: ReadonlyMap<number, StreamInputInfo>;
  readonly submissionTime: number;
  readonly processingStartTime: number | undefined;
  readonly processingEndTime: number | undefined;
  readonly outputOperationInfos: ReadonlyMap<number, OutputOperationInfo>;
  /** Records in, over every input stream. */
  readonly numRecords: number;
  readonly schedulingDelay: number | undefined;
  readonly processingDelay: number | undefined;
  readonly totalDelay: number | undefined;
  /**
   * Present when the batch checkpointed the state of its stateful operators. The
   * write runs after the batch's jobs, in the background, so `onBatchCompleted` of
   * such a batch is posted once the write has ended (and may follow the next
   * batch's); the batch's own times are those of its jobs.
   */
  readonly checkpoint?: BatchCheckpointInfo;
}

export function batchInfo(parts: {
  batchTime: number;
  streamIdToInputInfo: ReadonlyMap<number, StreamInputInfo>;
  submissionTime: number;
  processingStartTime: number | undefined;
  processingEndTime: number | undefined;
  outputOperationInfos: ReadonlyMap<number, OutputOperationInfo>;
}): BatchInfo {
  const { submissionTime, processingStartTime, processingEndTime } = parts;
  let numRecords = 0;
  for (const info of parts.streamIdToInputInfo.values()) numRecords += info.numRecords;
  const schedulingDelay = processingStartTime === undefined ? undefined : processingStartTime - submissionTime;
  const processingDelay = processingStartTime === undefined || processingEndTime === undefined ? undefined : processingEndTime - processingStartTime;
  const totalDelay = schedulingDelay === undefined || processingDelay === undefined ? undefined : schedulingDelay + processingDelay;
  return { ...parts, numRecords, schedulingDelay, processingDelay, totalDelay };
}
