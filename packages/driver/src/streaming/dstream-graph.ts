/**
 * The streams of a StreamingContext (Spark's DStreamGraph): its input streams, which
 * the job generator asks for new data each batch, and its output streams, each of
 * which becomes one job per batch, in the order they were registered.
 */
import { IllegalStateError, InvalidArgumentError, type Logger, type RDD } from '@kindling/common';
import type { BatchCheckpointInfo } from './batch-info.js';
import { combineBatchCheckpoints, StateCheckpointData } from './checkpoint/state-checkpoint-data.js';
import type { DStream } from './dstream.js';
import type { Duration } from './duration.js';
import type { InputDStream } from './input-dstream.js';
import type { OutputDStream, StreamingJob } from './output-dstream.js';

export class DStreamGraph {
  readonly inputStreams: InputDStream<unknown>[] = [];
  readonly outputStreams: OutputDStream<unknown>[] = [];
  batchDuration: Duration | undefined;
  /** Set by `ssc.remember(d)`: how long every stream keeps its RDDs at least. */
  rememberDuration: Duration | undefined;
  zeroTime: number | undefined;
  private nextDStreamId = 0;
  private nextInputStreamId = 0;
  private readonly uids = new Map<string, DStream<unknown>>();

  constructor(private readonly logger: Logger) {}

  newDStreamId(): number {
    return this.nextDStreamId++;
  }

  newInputStreamId(): number {
    return this.nextInputStreamId++;
  }

  claimUid(uid: string, stream: DStream<unknown>): void {
    const owner = this.uids.get(uid);
    if (owner !== undefined && owner !== stream) {
      throw new InvalidArgumentError(`Operator uid "${uid}" is already used by ${owner.toString()}; give every operator a unique name(uid)`);
    }
    this.uids.set(uid, stream);
  }

  addInputStream(stream: InputDStream<unknown>): void {
    this.inputStreams.push(stream);
  }

  addOutputStream(stream: OutputDStream<unknown>): void {
    this.outputStreams.push(stream);
  }

  /** Every stream reachable from the outputs, parents before children. */
  allStreams(): DStream<unknown>[] {
    const order: DStream<unknown>[] = [];
    const seen = new Set<DStream<unknown>>();
    const visit = (stream: DStream<unknown>): void => {
      if (seen.has(stream)) return;
      seen.add(stream);
      for (const parent of stream.dependencies) visit(parent);
      order.push(stream);
    };
    for (const output of this.outputStreams) visit(output);
    return order;
  }

  /** Initializes every stream for a first batch one interval after `zeroTime`, and validates the graph. */
  start(zeroTime: number): void {
    if (this.zeroTime !== undefined) throw new IllegalStateError('DStreamGraph already started');
    this.zeroTime = zeroTime;
    for (const output of this.outputStreams) output.initialize(zeroTime);
    for (const output of this.outputStreams) output.remember(this.rememberDuration);
    for (const output of this.outputStreams) output.validateAtStart();
    this.logger.debug({ zeroTime, outputs: this.outputStreams.length }, 'DStreamGraph started');
  }

  /** The jobs of batch `time`, one per output stream that has one, in registration order. */
  async generateJobs(time: number): Promise<StreamingJob[]> {
    const jobs: StreamingJob[] = [];
    for (const [outputOpId, output] of this.outputStreams.entries()) {
      const job = await output.generateJob(time, outputOpId);
      if (job !== undefined) jobs.push(job);
    }
    return jobs;
  }

  clearMetadata(time: number): void {
    for (const output of this.outputStreams) output.clearMetadata(time);
  }

  /** Recovery: every stream's checkpointed RDDs, read back from their directories (once per stream). */
  async restoreCheckpointData(open: (path: string) => Promise<RDD<unknown>>): Promise<void> {
    for (const stream of this.allStreams()) {
      for (const [time, rdd] of await stream.checkpointData.restore(open)) stream.restoreGeneratedRDD(time, rdd);
    }
  }

  updateCheckpointData(time: number): void {
    for (const stream of this.allStreams()) stream.updateCheckpointData(time);
  }

  private stateCheckpointData(): StateCheckpointData[] {
    return this.allStreams().flatMap((s) => (s.checkpointData instanceof StateCheckpointData ? [s.checkpointData] : []));
  }

  /** Batch `time` has completed: the stateful streams that checkpoint at `time` start writing their state. */
  startStateCheckpoints(time: number): void {
    for (const data of this.stateCheckpointData()) data.start(time);
  }

  /** What batch `time`'s state checkpoints wrote, once written; undefined when the batch writes none. */
  stateCheckpointOutcome(time: number): Promise<BatchCheckpointInfo | undefined> | undefined {
    const outcomes = this.stateCheckpointData().flatMap((d) => {
      const outcome = d.outcome(time);
      return outcome === undefined ? [] : [outcome];
    });
    return outcomes.length === 0 ? undefined : Promise.all(outcomes).then(combineBatchCheckpoints);
  }

  /** Resolves when no state checkpoint is being written. */
  async stateCheckpointsIdle(): Promise<void> {
    await Promise.all(this.stateCheckpointData().map((d) => d.idle()));
  }

  /** A graceful stop: every stateful stream's state after the last completed batch, written unless already (StateCheckpointData.writeFinal). */
  async writeFinalStateCheckpoints(lastBatchTime: number): Promise<Array<BatchCheckpointInfo | undefined>> {
    return Promise.all(this.stateCheckpointData().map((d) => d.writeFinal(lastBatchTime)));
  }

  /** Stop: waits for the state checkpoints being written. */
  async drainStateCheckpoints(): Promise<void> {
    await Promise.all(this.stateCheckpointData().map((d) => d.drain()));
  }

  async clearCheckpointData(time: number): Promise<void> {
    for (const stream of this.allStreams()) await stream.clearCheckpointData(time);
  }

  /** The longest any input stream must keep its data: how far back a restarted batch may reach. */
  maxInputRememberDuration(): number {
    return Math.max(0, ...this.inputStreams.map((s) => s.rememberDuration?.milliseconds ?? 0));
  }
}
