/**
 * Builds the metadata checkpoint of a StreamingContext at a batch time (Spark's
 * Checkpoint class): the application, the bundle, the graph as operator
 * descriptions, pending batches, configuration and per-stream checkpoint data.
 */
import { privateConfKeys, toCheckpointValue, type DStreamGraphData, type StreamingCheckpoint } from '@kindling/common';
import { kindlingVersion } from '../../bundle/kindling-version.js';
import { InputDStream } from '../input-dstream.js';
import type { StreamingContext } from '../streaming-context.js';

/** The identity of the job bundle a KindlingContext runs (name and version come from its manifest when it has one). */
export function bundleIdentity(bundle: unknown): { name: string; version: string; sha256: string } {
  const b = bundle as { sha256?: string; manifest?: { name?: string; version?: string } } | undefined;
  return { name: b?.manifest?.name ?? '', version: b?.manifest?.version ?? '', sha256: b?.sha256 ?? '' };
}

/** The graph as plain descriptions; throws a SerializationError naming the operator whose parameters are not plain data. */
export function describeGraph(ssc: StreamingContext): DStreamGraphData {
  const graph = ssc.graph;
  return {
    batchDurationMs: ssc.batchDuration.milliseconds,
    zeroTime: graph.zeroTime ?? 0,
    rememberDurationMs: graph.rememberDuration?.milliseconds ?? 0,
    streams: graph.allStreams().map((stream) => {
      const description = stream.describe();
      return {
        id: stream.id,
        uid: stream.uid,
        explicitUid: stream.hasExplicitUid,
        kind: description.kind,
        scope: stream.scope,
        parentIds: stream.dependencies.map((p) => p.id),
        params: toCheckpointValue(description.params, `the parameters of ${stream.scope} (${stream.uid})`),
        slideDurationMs: stream.slideDuration.milliseconds,
        checkpointDurationMs: stream.checkpointDuration?.milliseconds ?? 0,
        rememberDurationMs: stream.rememberDuration?.milliseconds ?? 0,
        storageLevel: stream.storageLevel.name,
        checkpointData: [...stream.checkpointData.currentCheckpointFiles].map(([time, path]) => ({ time, path })),
        sourcePosition: stream instanceof InputDStream ? toCheckpointValue(stream.sourcePosition(), `the source position of ${stream.uid}`) : { undefinedValue: true },
      };
    }),
    outputStreamIds: graph.outputStreams.map((s) => s.id),
  };
}

export function buildCheckpoint(ssc: StreamingContext, time: number): StreamingCheckpoint {
  const kc = ssc.kindlingContext;
  return {
    master: kc.master,
    appName: kc.appName,
    // The application this driver is an attempt of (the first driver's id after a recovery).
    appId: kc.applicationAttempt.appId,
    appAttemptId: kc.applicationAttempt.attemptId ?? '',
    bundle: bundleIdentity(kc.bundle),
    graph: describeGraph(ssc),
    checkpointDir: ssc.checkpointDir ?? '',
    checkpointDurationMs: ssc.batchDuration.milliseconds,
    pendingTimes: ssc.jobScheduler.pendingBatchTimes,
    // The shared secret is never written to storage; a restarted driver gets it from its own launch.
    conf: kc.conf
      .getAll()
      .filter(([key]) => !privateConfKeys.has(key))
      .map(([key, value]) => ({ key, value })),
    checkpointTime: time,
    kindlingVersion: kindlingVersion(),
    writtenAt: Date.now(),
    lastGeneratedTime: ssc.jobGenerator.lastGeneratedTime ?? 0,
  };
}
