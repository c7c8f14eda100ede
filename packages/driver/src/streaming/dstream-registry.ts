/**
 * Rebuilds DStreams from their descriptions in a metadata checkpoint: every DStream
 * kind registers a rebuild function when its module is imported (as RDD kinds do for
 * task plans), so a checkpoint names kinds and parameters, never code. A kind
 * without one cannot be recovered, and says so.
 */
import { CheckpointError, type FunctionRef } from '@kindling/common';
import type { DriverFunction } from './driver-function.js';
import type { DStream } from './dstream.js';
import type { StreamingContext } from './streaming-context.js';

export interface DStreamRebuildContext {
  readonly ssc: StreamingContext;
  /** The rebuilt parents, in the order the checkpoint lists them. */
  readonly parents: readonly DStream<unknown>[];
  readonly params: Readonly<Record<string, any>>;
  readonly scope: string;
  /** A driver function from its recorded ref, resolved against the running bundle. */
  driverFunction<F extends (...args: any[]) => any>(ref: FunctionRef | undefined, what: string): DriverFunction<F>;
}

export type DStreamRebuild = (context: DStreamRebuildContext) => DStream<unknown>;

const rebuilds = new Map<string, DStreamRebuild>();

export function registerDStreamKind(kind: string, rebuild: DStreamRebuild): void {
  if (rebuilds.has(kind) && rebuilds.get(kind) !== rebuild) throw new Error(`DStream kind ${kind} is registered twice`);
  rebuilds.set(kind, rebuild);
}

export function dstreamRebuild(kind: string, uid: string): DStreamRebuild {
  const rebuild = rebuilds.get(kind);
  if (rebuild === undefined) {
    throw new CheckpointError(`Cannot recover operator ${uid}: this driver does not know DStream kind ${kind}; run the Kindling version that wrote the checkpoint`);
  }
  return rebuild;
}
