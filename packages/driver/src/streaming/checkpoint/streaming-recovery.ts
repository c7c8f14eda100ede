/**
 * Rebuilds a StreamingContext from its newest metadata checkpoint (Spark's
 * `new StreamingContext(checkpoint)`): the graph from the operators' descriptions,
 * functions re-bound by reference against the running bundle, per-stream checkpoint
 * data and source positions, and the configuration — then `start()` restarts it
 * (see `restartBatches`).
 *
 * Refused, before anything runs: a checkpoint of another application (another
 * bundle name), and one written by another build of the same bundle
 * (IncompatibleCheckpointError naming both sha256s and versions) — Spark would
 * crash deep inside deserialization, or worse, run old closures.
 *
 * Configuration: the new launch's values win, and the checkpoint fills in only the
 * keys the launch did not set, except those that describe one run of the driver
 * (master, ports, application id), which never come from the checkpoint. Spark does
 * the reverse (the checkpoint wins, but for its `propertiesToReload`), which freezes a
 * streaming application's configuration forever.
 */
import {
  CheckpointError,
  fromCheckpointValue,
  functionResolverFor,
  IncompatibleCheckpointError,
  StorageLevel,
  type KindlingConf,
  type Logger,
  type StreamingCheckpoint__Output,
} from '@kindling/common';
import type { KindlingContext } from '../../kindling-context.js';
import { DriverFunction } from '../driver-function.js';
import { dstreamRebuild } from '../dstream-registry.js';
import type { DStream } from '../dstream.js';
import { Duration } from '../duration.js';
import { InputDStream } from '../input-dstream.js';
import type { StreamingContext } from '../streaming-context.js';
import { bundleIdentity } from './checkpoint-builder.js';
export type { RestartInfo } from '../job-generator.js';

/** Keys that belong to one launch of the driver: never restored from a checkpoint. */
const launchKeys = [/^kindling\.master$/, /^kindling\.app\.id$/, /^kindling\.driver\./, /^kindling\.ui\.port$/, /^kindling\.blockManager\.port$/, /\.port$/];

export function restoreConfiguration(conf: KindlingConf, pairs: ReadonlyArray<{ key: string; value: string }>, logger: Logger): void {
  const restored: string[] = [];
  const overridden: string[] = [];
  for (const { key, value } of pairs) {
    if (launchKeys.some((pattern) => pattern.test(key))) continue;
    if (!conf.contains(key)) {
      conf.set(key, value);
      restored.push(key);
    } else if (conf.get(key) !== value) {
      overridden.push(`${key}=${conf.get(key)} (checkpoint: ${value})`);
    }
  }
  if (restored.length > 0) logger.info(`Restored configuration from the checkpoint: ${restored.join(', ')}`);
  if (overridden.length > 0) logger.info(`This launch's configuration overrides the checkpoint's: ${overridden.join(', ')}`);
}

export function checkCheckpointIdentity(kc: KindlingContext, checkpoint: StreamingCheckpoint__Output, file: string): void {
  const current = bundleIdentity(kc.bundle);
  const written = checkpoint.bundle ?? { name: '', version: '', sha256: '' };
  const sameApp = written.name !== '' && current.name !== '' ? written.name === current.name : checkpoint.appName === kc.appName;
  if (!sameApp) {
    throw new CheckpointError(
      `The checkpoint ${file} belongs to application "${checkpoint.appName}" (bundle ${written.name || 'none'}), not to "${kc.appName}" (bundle ${current.name || 'none'}); give each application its own checkpoint directory`,
      { path: file },
    );
  }
  if (written.sha256 !== current.sha256) {
    const describe = (b: { version: string; sha256: string }): string => `version ${b.version || '?'}, sha256 ${b.sha256 === '' ? 'none' : b.sha256.slice(0, 12)}`;
    throw new IncompatibleCheckpointError(
      `The checkpoint ${file} was written by ${written.name || checkpoint.appName} ${describe(written)}, but this driver runs ${describe(current)}: its operators' functions may have changed. Restart with the bundle that wrote it, or start from a new checkpoint directory`,
      { path: file },
    );
  }
}

export function recoverStreamingContext(
  kc: KindlingContext,
  checkpoint: StreamingCheckpoint__Output,
  file: string,
  /** Makes the new, empty context (passed in so that this module and streaming-context.ts do not import each other). */
  newContext: (batchDuration: Duration) => StreamingContext,
): StreamingContext {
  checkCheckpointIdentity(kc, checkpoint, file);
  const graphData = checkpoint.graph;
  if (graphData === null || graphData === undefined) throw new CheckpointError(`The checkpoint ${file} has no DStream graph`, { path: file });
  restoreConfiguration(kc.conf, checkpoint.conf, kc.logger);
  // The same application, another attempt: the UI and event log show the kill and the recovery on one history.
  kc.recoveredApplication(checkpoint.appId, checkpoint.appAttemptId);
  const ssc = newContext(Duration.of(graphData.batchDurationMs));
  ssc.checkpoint(checkpoint.checkpointDir);
  if (graphData.rememberDurationMs > 0) ssc.remember(Duration.of(graphData.rememberDurationMs));
  const resolver = functionResolverFor(kc.bundle);
  const byId = new Map<number, DStream<unknown>>();
  for (const data of graphData.streams) {
    const parents = data.parentIds.map((id) => {
      const parent = byId.get(id);
      if (parent === undefined) throw new CheckpointError(`The checkpoint ${file} is inconsistent: ${data.uid} names parent ${id}, which is not before it`, { path: file });
      return parent;
    });
    const stream = dstreamRebuild(data.kind, data.uid)({
      ssc,
      parents,
      params: (fromCheckpointValue(data.params) ?? {}) as Record<string, unknown>,
      scope: data.scope,
      driverFunction: (ref, what) => {
        if (ref === undefined) throw new CheckpointError(`The checkpoint ${file} records no function for ${what} of ${data.uid}`, { path: file });
        return DriverFunction.restore(ref, resolver);
      },
    });
    stream.restoreIdentity(data.uid, data.explicitUid);
    if (data.checkpointDurationMs > 0) stream.checkpointDuration = Duration.of(data.checkpointDurationMs);
    if (data.rememberDurationMs > 0) stream.rememberDuration = Duration.of(data.rememberDurationMs);
    const level = StorageLevel.fromName(data.storageLevel || 'NONE');
    if (level.isValid) stream.storageLevel = level;
    stream.checkpointData.load(new Map(data.checkpointData.map((c) => [c.time, c.path])));
    if (stream instanceof InputDStream) stream.restoreSourcePosition(fromCheckpointValue(data.sourcePosition));
    byId.set(data.id, stream);
  }
  for (const id of graphData.outputStreamIds) {
    const output = byId.get(id);
    if (output === undefined) throw new CheckpointError(`The checkpoint ${file} names output ${id}, which it does not describe`, { path: file });
    ssc.graph.addOutputStream(output as never);
  }
  ssc.restartInfo = {
    checkpointFile: file,
    checkpointTime: checkpoint.checkpointTime,
    lastGeneratedTime: checkpoint.lastGeneratedTime,
    pendingTimes: [...checkpoint.pendingTimes].sort((a, b) => a - b),
    zeroTime: graphData.zeroTime,
  };
  kc.logger.info(`Recovered the StreamingContext from checkpoint file ${file} (batch ${checkpoint.checkpointTime} ms, ${graphData.streams.length} operators)`);
  return ssc;
}
