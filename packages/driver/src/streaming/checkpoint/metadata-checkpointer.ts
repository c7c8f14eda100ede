/**
 * The job generator's checkpoint hooks for a context with a checkpoint directory:
 * at DoCheckpoint(t) — every batch, as the context's checkpoint interval is the batch
 * interval — record each stream's checkpoint data, encode the checkpoint now (its
 * state is this batch's, whatever runs next) and hand the bytes to the background
 * CheckpointWriter; at ClearCheckpointData(t), after the write, delete the RDD
 * checkpoints no metadata checkpoint refers to any more.
 *
 * A write that failed clears nothing: the newest checkpoint on storage is then an
 * older one, which may still name the RDD checkpoints a clear would delete. A write
 * that failed because the storage stayed unreachable past
 * `kindling.streaming.unavailableRetryTimeout` stops the stream with that error
 * rather than letting it run on with a recovery point that falls further behind.
 */
import { CheckpointError, encodeStreamingCheckpoint } from '@kindling/common';
import { defaultUnavailableRetryTimeoutMs, unavailableRetryTimeoutKey } from '../unavailable-retry.js';
import type { CheckpointHooks } from '../job-generator.js';
import type { StreamingContext } from '../streaming-context.js';
import { buildCheckpoint } from './checkpoint-builder.js';
import { CheckpointWriter, type CheckpointWriteResult } from './checkpoint-writer.js';
import { SharedVariablesCheckpoint } from './shared-variables-checkpoint.js';

export class MetadataCheckpointer implements CheckpointHooks {
  readonly writer: CheckpointWriter;
  /** The broadcasts and named accumulators each checkpoint carries. */
  readonly sharedVariables: SharedVariablesCheckpoint;

  constructor(
    private readonly ssc: StreamingContext,
    checkpointDir: string,
    onWritten: (result: CheckpointWriteResult) => void = () => undefined,
  ) {
    const retryTimeoutMs = ssc.kindlingContext.conf.getDurationMs(unavailableRetryTimeoutKey, defaultUnavailableRetryTimeoutMs);
    this.writer = new CheckpointWriter(
      checkpointDir,
      ssc.logger,
      (result, clearLater) => {
        onWritten(result);
        this.sharedVariables.checkpointEnded(result.file !== undefined);
        if (result.file !== undefined) ssc.jobGenerator.onCheckpointCompletion(result.checkpointTime, clearLater);
        else if (result.unreachable === true) ssc.reportError(unreachableError(checkpointDir, result, retryTimeoutMs));
      },
      retryTimeoutMs,
    );
    this.sharedVariables = new SharedVariablesCheckpoint(ssc.kindlingContext, checkpointDir, ssc.logger);
  }

  doCheckpoint(time: number, clearCheckpointDataLater: boolean): void {
    const zeroTime = this.ssc.graph.zeroTime ?? 0;
    if ((time - zeroTime) % this.ssc.batchDuration.milliseconds !== 0) return;
    // After the batch (the second checkpoint of a batch): its state checkpoints start
    // now, in the background; this metadata checkpoint names the complete ones only.
    if (clearCheckpointDataLater) this.ssc.graph.startStateCheckpoints(time);
    this.ssc.graph.updateCheckpointData(time);
    const shared = this.sharedVariables.describe();
    const checkpoint = { ...buildCheckpoint(this.ssc, time), broadcasts: shared.broadcasts, accumulators: shared.accumulators };
    // The write waits for the broadcast files the checkpoint names.
    if (this.writer.write(time, encodeStreamingCheckpoint(checkpoint), clearCheckpointDataLater, shared.filesWritten)) this.sharedVariables.checkpointQueued();
  }

  /**
   * The checkpoint of the graph's zero time, before any batch: resolves once it is
   * written (or has failed). A new context whose receivers write ahead waits for it
   * before they start — see StreamingContext.start for why.
   */
  checkpointZeroTime(): Promise<void> {
    this.doCheckpoint(this.ssc.graph.zeroTime!, false);
    return this.writer.flush();
  }

  clearCheckpointData(time: number): Promise<void> {
    return this.ssc.graph.clearCheckpointData(time);
  }
}

function unreachableError(checkpointDir: string, result: CheckpointWriteResult, retryTimeoutMs: number): CheckpointError {
  return new CheckpointError(
    `Could not write the metadata checkpoint of batch ${result.checkpointTime} ms to ${checkpointDir}: the storage stayed unreachable for ${Math.round(retryTimeoutMs / 1000)} s (${unavailableRetryTimeoutKey}; ${result.error?.message ?? 'no answer'}). The stream stops; the checkpoints written before are intact: restart the application once the storage is back and it recovers from the newest, or raise ${unavailableRetryTimeoutKey} to wait longer`,
    { path: checkpointDir, ...(result.error === undefined ? {} : { cause: result.error }) },
  );
}
