/**
 * Restarting a streaming application from a checkpoint written by other code
 * (`kindling submit --upgrade`, `getOrCreate(dir, create, { upgrade: true })`;
 * docs/DESIGN.md §11). Spark cannot: its checkpoint holds serialized closures, so any
 * code change means a new checkpoint and the state is lost. Here the checkpoint
 * describes operators by uid, so the new code's graph is built by its own `create`
 * function and the checkpoint's state and source positions are re-attached to the
 * operators that match (upgrade-plan.ts):
 *
 * - matched stateful operators get the checkpoint's state RDD files, through the
 *   same DStreamCheckpointData a recovery uses (never by reading state files here,
 *   so any checkpoint format the streams can restore works), with the version they
 *   were written under, so older state is migrated as it is restored;
 * - matched sources get their recorded positions (rate offsets, file lists, blocks);
 * - named accumulators and named broadcasts are restored by name as the new code's
 *   create function asks for them (shared-variables-checkpoint.ts);
 * - the batches the old code left pending, and those of the down time, are generated
 *   again by the new graph: they are not lost, and they run the new code. A batch that
 *   had completed is never run again (SPARK-12122), as in a recovery.
 *
 * The report is published before anything starts; a refused upgrade throws an
 * IncompatibleCheckpointError naming every operator at fault and changes nothing in
 * the checkpoint directory.
 */
import {
  CheckpointError,
  fromCheckpointValue,
  IncompatibleCheckpointError,
  type DStreamData__Output,
  type StreamingCheckpoint__Output,
} from '@kindling/common';
import type { KindlingContext } from '../../kindling-context.js';
import type { DStream } from '../dstream.js';
import { InputDStream } from '../input-dstream.js';
import type { StreamingContext } from '../streaming-context.js';
import { bundleIdentity } from '../checkpoint/checkpoint-builder.js';
import { upgradeSharedVariables } from '../checkpoint/shared-variables-checkpoint.js';
import { checkSameApplication, restoreConfiguration } from '../checkpoint/streaming-recovery.js';
import { planUpgrade, recordedStateVersion, type OperatorView } from './upgrade-plan.js';
import { formatUpgradeReport, refusalsOf, type UpgradeReport } from './upgrade-report.js';

export interface UpgradeOptions {
  readonly allowDroppedState: boolean;
  /** Receives the report (default: the log, and stderr unless kindling.ui.showConsoleProgress is false). */
  readonly publish: (report: UpgradeReport, text: string) => void;
}

function viewOfCheckpointed(data: DStreamData__Output): OperatorView {
  return {
    uid: data.uid,
    explicitUid: data.explicitUid,
    kind: data.kind,
    scope: data.scope,
    stateVersion: recordedStateVersion(data.kind, data.stateVersion),
    // Only input streams have no parents.
    input: data.parentIds.length === 0,
    params: (fromCheckpointValue(data.params) ?? {}) as Record<string, unknown>,
    hasMigration: false,
    stateFiles: data.checkpointData.length,
    hasSourcePosition: fromCheckpointValue(data.sourcePosition) !== undefined,
  };
}

function viewOfStream(stream: DStream<unknown>): OperatorView {
  const params = stream.describe().params;
  return {
    uid: stream.uid,
    explicitUid: stream.hasExplicitUid,
    kind: stream.kind,
    scope: stream.scope,
    stateVersion: stream.declaredStateVersion,
    input: stream instanceof InputDStream,
    params,
    // Both versioned stateful operators record their migration under this name.
    hasMigration: params['stateMigration'] !== undefined && params['stateMigration'] !== null,
    stateFiles: 0,
    hasSourcePosition: false,
  };
}

/**
 * The context `create()` builds, with the checkpoint's state and source positions
 * re-attached and set to restart where the checkpoint left off; or an
 * IncompatibleCheckpointError when the report refuses the upgrade.
 */
export async function upgradeStreamingContext(
  kc: KindlingContext,
  checkpoint: StreamingCheckpoint__Output,
  file: string,
  checkpointDir: string,
  create: () => Promise<StreamingContext>,
  options: UpgradeOptions,
): Promise<StreamingContext> {
  checkSameApplication(kc, checkpoint, file);
  const graphData = checkpoint.graph;
  if (graphData === null || graphData === undefined) throw new CheckpointError(`The checkpoint ${file} has no DStream graph`, { path: file });
  restoreConfiguration(kc.conf, checkpoint.conf, kc.logger);
  // Named accumulators and broadcasts are matched by name while create() runs.
  const { created: ssc, shared } = await upgradeSharedVariables(kc, checkpoint, file, create);
  if (ssc.checkpointDir === undefined) ssc.checkpoint(checkpointDir);
  const streams = ssc.graph.allStreams();
  const plan = planUpgrade({
    old: graphData.streams.map(viewOfCheckpointed),
    new: streams.map(viewOfStream),
    oldBatchMs: graphData.batchDurationMs,
    newBatchMs: ssc.batchDuration.milliseconds,
  });
  const pendingTimes = [...checkpoint.pendingTimes].sort((a, b) => a - b);
  const report: UpgradeReport = {
    checkpointFile: file,
    from: checkpoint.bundle ?? { name: '', version: '', sha256: '' },
    to: bundleIdentity(kc.bundle),
    plan,
    pendingTimes,
    lastGeneratedTime: checkpoint.lastGeneratedTime,
    allowDroppedState: options.allowDroppedState,
    refusals: refusalsOf(plan, options.allowDroppedState),
    sharedVariables: shared,
  };
  options.publish(report, formatUpgradeReport(report));
  if (report.refusals.length > 0) {
    await ssc.stop({ stopKindlingContext: false });
    throw new IncompatibleCheckpointError(
      `Cannot upgrade from the checkpoint ${file}: ${report.refusals.join('; ')}. Fix the new code, restart with the bundle that wrote the checkpoint, or start from a new checkpoint directory`,
      { path: file },
    );
  }

  const oldByUid = new Map(graphData.streams.map((data) => [data.uid, data]));
  const newByUid = new Map(streams.map((stream) => [stream.uid, stream]));
  for (const entry of plan.entries) {
    if (entry.outcome !== 'kept') continue;
    const data = oldByUid.get(entry.uid)!;
    const stream = newByUid.get(entry.uid)!;
    stream.loadCheckpointData(new Map(data.checkpointData.map((c) => [c.time, c.path])), recordedStateVersion(data.kind, data.stateVersion));
    if (entry.what === 'source' && stream instanceof InputDStream) stream.restoreSourcePosition(fromCheckpointValue(data.sourcePosition));
  }
  ssc.restartInfo = {
    checkpointFile: file,
    checkpointTime: checkpoint.checkpointTime,
    lastGeneratedTime: checkpoint.lastGeneratedTime,
    pendingTimes,
    zeroTime: graphData.zeroTime,
  };
  ssc.upgradeReport = report;
  kc.logger.info(`Upgraded the StreamingContext from checkpoint file ${file} (batch ${checkpoint.checkpointTime} ms): ${plan.entries.filter((e) => e.outcome === 'kept').length} kept, ${plan.entries.filter((e) => e.outcome === 'added').length} added, ${plan.entries.filter((e) => e.outcome === 'dropped').length} dropped`);
  return ssc;
}
