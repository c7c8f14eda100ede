/**
 * The bytes of a task (TaskDescription.payload): one payload per stage, holding the
 * plans of every RDD the stage computes — reachable from the stage's RDD through
 * narrow dependencies — and what to do with a partition of it: run a result
 * function (result stage) or write shuffle map output (shuffle map stage).
 * TaskDescription.partitionId says which partition; the payload does not, so the
 * driver serializes a stage once however many tasks it has.
 *
 * A ShuffledRDD's plan carries only its shuffle handle, never its map-side parent.
 */
import { deserialize, serialize } from 'node:v8';
import { SerializationError } from '../errors/index.js';
import type { FunctionRef } from '../functions/index.js';
import { collectBroadcastIds } from './payload-broadcasts.js';
import { isBroadcastDestroyed, BroadcastDestroyedError } from '../broadcast/index.js';
import { collectPlans, type Aggregator, type PartitionerPlan, type RDD, type RddPlan, type ShuffleDependency } from '../rdd/index.js';

const PAYLOAD_VERSION = 2;

export interface ShuffleWriteSpec {
  readonly shuffleId: number;
  readonly partitioner: PartitionerPlan;
  readonly aggregator: Aggregator | undefined;
  readonly mapSideCombine: boolean;
  readonly keyOrdering: FunctionRef | undefined;
}

interface PayloadCommon {
  readonly version: number;
  readonly plans: readonly RddPlan[];
  readonly rddId: number;
  /** Broadcasts the stage's functions capture: loaded before a task starts (payload-broadcasts.ts). */
  readonly broadcastIds: readonly number[];
}

export type TaskPayload =
  | (PayloadCommon & { readonly type: 'result'; readonly func: FunctionRef })
  | (PayloadCommon & { readonly type: 'shuffleMap'; readonly shuffle: ShuffleWriteSpec });

/** The payload of every task of a result stage: run `func` (`(iterator, taskContext) => U`) over a partition of `rdd`. */
export function encodeResultTask(rdd: RDD<unknown>, func: FunctionRef): Uint8Array {
  const plans = collectPlans(rdd);
  return encodePayload({ version: PAYLOAD_VERSION, type: 'result', plans, rddId: rdd.id, func, broadcastIds: broadcastIdsOf(plans, func) });
}

/** The payload of every task of the shuffle map stage that produces `dep`'s map outputs. */
export function encodeShuffleMapTask(dep: ShuffleDependency<unknown, unknown, unknown>): Uint8Array {
  const shuffle: ShuffleWriteSpec = {
    shuffleId: dep.shuffleId,
    partitioner: dep.partitioner.toPlan(),
    aggregator: dep.aggregator,
    mapSideCombine: dep.mapSideCombine,
    keyOrdering: dep.keyOrdering,
  };
  const plans = collectPlans(dep.rdd);
  return encodePayload({ version: PAYLOAD_VERSION, type: 'shuffleMap', plans, rddId: dep.rdd.id, shuffle, broadcastIds: broadcastIdsOf(plans, shuffle) });
}

/** The stage's broadcasts; a destroyed one fails the job here, on the driver, before any task runs. */
function broadcastIdsOf(plans: readonly RddPlan[], spec: unknown): number[] {
  // Each plan's data is a root of its own: a long lineage is not a "long array of data".
  const ids = collectBroadcastIds([...plans.map((plan) => plan.data), spec]);
  for (const id of ids) if (isBroadcastDestroyed(id)) throw new BroadcastDestroyedError(id);
  return ids;
}

function encodePayload(payload: TaskPayload): Uint8Array {
  try {
    return serialize(payload);
  } catch (error) {
    throw new SerializationError(
      `Cannot serialize the task of RDD ${payload.rddId}: ${(error as Error).message}; data given to parallelize and values captured by operators must be plain data`,
      { cause: error },
    );
  }
}

export function decodeTaskPayload(bytes: Uint8Array): TaskPayload {
  let payload: TaskPayload;
  try {
    payload = deserialize(bytes) as TaskPayload;
  } catch (error) {
    throw new SerializationError(`Cannot decode a task payload: ${(error as Error).message}`, { cause: error });
  }
  if (payload?.version !== PAYLOAD_VERSION) {
    throw new SerializationError(`Task payload version ${String(payload?.version)} is not ${PAYLOAD_VERSION}; driver and executors must run the same Kindling version`);
  }
  return payload;
}

/** Encodes a result task's value for the driver; results must be plain data. */
export function encodeTaskResult(value: unknown): Uint8Array {
  try {
    return serialize(value);
  } catch (error) {
    throw new SerializationError(`Cannot serialize a task result: ${(error as Error).message}; action results must be plain data`, { cause: error });
  }
}

/** The value a result task returned, on the driver (TaskOutcome.result). */
export function decodeTaskResult<U>(bytes: Uint8Array): U {
  return deserialize(bytes) as U;
}
