/**
 * The two small files the driver writes into an RDD's checkpoint directory once every
 * part file is committed, both in the framed record format (docs/DESIGN.md §6), so that
 * each carries its own CRC32C and trailer and a damaged one is told from a good one:
 *
 * - `_metadata` (Kindling's): the partition count and each part file's size. It is
 *   written last, so its presence means the checkpoint is complete; a reader checks
 *   every part against it and so detects a missing trailing file or a truncated one,
 *   which Spark reads back as a silently shorter RDD.
 * - `_partitioner` (Spark's name): the partitioner's plan, best effort, as in Spark.
 */
import { CheckpointError } from '../errors/index.js';
import type { PartitionerPlan } from './partitioner-plan.js';
import { decodeFramed, defaultSerializer, encodeFramedBatches } from '../serializer/index.js';

export const METADATA_FORMAT = 'kindling-rdd-checkpoint';
export const METADATA_VERSION = 1;

export interface RddCheckpointMetadata {
  readonly format: typeof METADATA_FORMAT;
  readonly version: number;
  /** Id of the RDD that was checkpointed, in the application that wrote it. */
  readonly rddId: number;
  readonly numPartitions: number;
  /** Bytes of part-%05d, by partition index. */
  readonly partSizes: readonly number[];
  readonly hasPartitioner: boolean;
  /** When the checkpoint was completed (ms since the epoch). */
  readonly completedAt: number;
}

export function encodeCheckpointMetadata(metadata: RddCheckpointMetadata): Uint8Array {
  return encodeFramedBatches([metadata], { serializer: defaultSerializer() });
}

/** Decodes and checks `_metadata`; any damage is a CheckpointError naming `path`. */
export function decodeCheckpointMetadata(bytes: Uint8Array, path: string): RddCheckpointMetadata {
  const value = decodeSingle(bytes, path);
  const m = value as Partial<RddCheckpointMetadata> | undefined;
  const valid =
    m !== undefined &&
    m !== null &&
    m.format === METADATA_FORMAT &&
    Number.isInteger(m.numPartitions) &&
    Array.isArray(m.partSizes) &&
    m.partSizes.length === m.numPartitions &&
    m.partSizes.every((n) => Number.isInteger(n) && n >= 0);
  if (!valid) throw new CheckpointError(`Invalid checkpoint file: ${path} (not a Kindling RDD checkpoint _metadata)`, { path });
  if (m.version !== METADATA_VERSION) {
    throw new CheckpointError(
      `Checkpoint metadata ${path} has version ${String(m.version)}, this Kindling reads version ${METADATA_VERSION}; read it with the Kindling version that wrote it`,
      { path },
    );
  }
  return m as RddCheckpointMetadata;
}

export function encodePartitionerPlan(plan: PartitionerPlan): Uint8Array {
  return encodeFramedBatches([plan], { serializer: defaultSerializer() });
}

/** Decodes `_partitioner`; throws (a CheckpointError) when it is damaged or not a partitioner plan. */
export function decodePartitionerPlan(bytes: Uint8Array, path: string): PartitionerPlan {
  const plan = decodeSingle(bytes, path) as Partial<PartitionerPlan> | undefined;
  if (plan === undefined || plan === null || typeof plan.kind !== 'string' || !Number.isInteger(plan.numPartitions)) {
    throw new CheckpointError(`Invalid checkpoint file: ${path} (not a partitioner)`, { path });
  }
  return plan as PartitionerPlan;
}

function decodeSingle(bytes: Uint8Array, path: string): unknown {
  let records: unknown[];
  try {
    records = Array.from(decodeFramed(bytes, { path }));
  } catch (error) {
    throw new CheckpointError(`Invalid checkpoint file: ${path} (${(error as Error).message})`, { path, cause: error });
  }
  if (records.length !== 1) throw new CheckpointError(`Invalid checkpoint file: ${path} (holds ${records.length} records, not 1)`, { path });
  return records[0];
}
