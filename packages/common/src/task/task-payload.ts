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
import { collectPlans, type Aggregator, type PartitionerPlan, type RDD, type RddPlan, type ShuffleDependency } from '../rdd/index.js';

const PAYLOAD_VERSION = 1;

export interface ShuffleWriteSpec {
  readonly shuffleId: number;
  readonly partitioner: PartitionerPlan;
  readonly aggregator: Aggregator | undefined;
  readonly mapSideCombine: boolean;
  readonly keyOrdering: FunctionRef | undefined;
}

export type TaskPayload =
  | { readonly version: number; readonly type: 'result'; readonly plans: readonly RddPlan[]; readonly rddId: number; readonly func: FunctionRef }
  | { readonly version: number; readonly type: 'shuffleMap'; readonly plans: readonly RddPlan[]; readonly rddId: number; readonly shuffle: ShuffleWriteSpec };

/** The payload of every task of a result stage: run `func` (`(iterator, taskContext) => U`) over a partition of `rdd`. */
export function encodeResultTask(rdd: RDD<unknown>, func: FunctionRef): Uint8Array {
  return encodePayload({ version: PAYLOAD_VERSION, type: 'result', plans: collectPlans(rdd), rddId: rdd.id, func });
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
  return encodePayload({ version: PAYLOAD_VERSION, type: 'shuffleMap', plans: collectPlans(dep.rdd), rddId: dep.rdd.id, shuffle });
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
