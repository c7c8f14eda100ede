/**
 * The job generator's checkpoint hooks for a context with a checkpoint directory:
 * at DoCheckpoint(t) — every batch, as the context's checkpoint interval is the batch
 * interval — record each stream's checkpoint data, encode the checkpoint now (its
 * state is this batch's, whatever runs next) and hand the bytes to the background
 * CheckpointWriter; at ClearCheckpointData(t), after the write, delete the RDD
 * checkpoints no metadata checkpoint refers to any more.
 */
import { encodeStreamingCheckpoint } from '@kindling/common';
import type { CheckpointHooks } from '../job-generator.js';
import type { StreamingContext } from '../streaming-context.js';
import { buildCheckpoint } from './checkpoint-builder.js';
import { CheckpointWriter, type CheckpointWriteResult } from './checkpoint-writer.js';

export class MetadataCheckpointer implements CheckpointHooks {
  readonly writer: CheckpointWriter;

  constructor(
    private readonly ssc: StreamingContext,
    checkpointDir: string,
    onWritten: (result: CheckpointWriteResult) => void = () => undefined,
  ) {
    this.writer = new CheckpointWriter(checkpointDir, ssc.logger, (result, clearLater) => {
      onWritten(result);
      ssc.jobGenerator.onCheckpointCompletion(result.checkpointTime, clearLater);
    });
  }

  doCheckpoint(time: number, clearCheckpointDataLater: boolean): void {
    const zeroTime = this.ssc.graph.zeroTime ?? 0;
    if ((time - zeroTime) % this.ssc.batchDuration.milliseconds !== 0) return;
    // After the batch (the second checkpoint of a batch): its state checkpoints start
    // now, in the background; this metadata checkpoint names the complete ones only.
    if (clearCheckpointDataLater) this.ssc.graph.startStateCheckpoints(time);
    this.ssc.graph.updateCheckpointData(time);
    this.writer.write(time, encodeStreamingCheckpoint(buildCheckpoint(this.ssc, time)), clearCheckpointDataLater);
  }

  clearCheckpointData(time: number): Promise<void> {
    return this.ssc.graph.clearCheckpointData(time);
  }
}
