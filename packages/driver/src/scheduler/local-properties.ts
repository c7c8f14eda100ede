/**
 * Local properties (Spark's `SparkContext.setLocalProperty`): settings that apply to
 * the jobs submitted from one flow of control rather than to the whole application,
 * such as the scheduling pool (`kindling.scheduler.pool`). Spark keeps them per thread
 * and copies them into threads it starts; a Node.js program has one thread and many
 * interleaved async flows, so they live in an AsyncLocalStorage.
 *
 * `run(key, value, fn)` is the safe form: the jobs `fn` submits, and those of
 * everything it awaits or starts, carry the property; nothing outside it does. `set`
 * is Spark's form and changes the current flow from now on — which, in an async
 * function that has not awaited yet, is still its caller's flow (the function runs
 * synchronously until its first await), so the caller gets the property too. Each
 * change makes a new map: a flow that started earlier keeps the properties it had.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { InvalidArgumentError } from '@kindling/common';

const none: ReadonlyMap<string, string> = new Map();

/** A copy of `from` with `key` set or removed; refuses what the schedulers could not read later. */
function withProperty(from: ReadonlyMap<string, string>, key: unknown, value: unknown): Map<string, string> {
  if (typeof key !== 'string' || key === '') throw new InvalidArgumentError(`A local property needs a non-empty string key, not ${JSON.stringify(key) ?? String(key)}`);
  if (value !== undefined && typeof value !== 'string') {
    throw new InvalidArgumentError(`Local property ${key} must be a string (or undefined to remove it), not ${typeof value} ${JSON.stringify(value) ?? String(value)}`);
  }
  const next = new Map(from);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

/** Spark's spark.job.description: what the UI lists a job as (runJob's `description` sets it for one job). */
export const JOB_DESCRIPTION_PROPERTY = 'kindling.job.description';

export function jobDescriptionOf(properties: ReadonlyMap<string, string>): string | undefined {
  return properties.get(JOB_DESCRIPTION_PROPERTY);
}

/**
 * Spark's spark.streaming.internal.batchTime and .outputOpId: set by the streaming
 * JobScheduler on the jobs of one output operation of one batch, so that the UI ties
 * those jobs to it (the batch page's job ids).
 */
export const STREAMING_BATCH_TIME_PROPERTY = 'kindling.streaming.internal.batchTime';
export const STREAMING_OUTPUT_OP_ID_PROPERTY = 'kindling.streaming.internal.outputOpId';

/** The batch time and output operation a job ran for, when a streaming output operation submitted it. */
export function streamingOutputOpOf(properties: Readonly<Record<string, string>>): { batchTime: number; outputOpId: number } | undefined {
  const batchTime = properties[STREAMING_BATCH_TIME_PROPERTY];
  const outputOpId = properties[STREAMING_OUTPUT_OP_ID_PROPERTY];
  if (batchTime === undefined || outputOpId === undefined) return undefined;
  return { batchTime: Number(batchTime), outputOpId: Number(outputOpId) };
}

export class LocalProperties {
  private readonly storage = new AsyncLocalStorage<ReadonlyMap<string, string>>();

  /** Sets `key` for this flow from now on; undefined removes it. */
  set(key: string, value: string | undefined): void {
    this.storage.enterWith(withProperty(this.current(), key, value));
  }

  /** Runs `fn` with `key` set (undefined: removed) for the jobs it submits, and only those. */
  run<T>(key: string, value: string | undefined, fn: () => T): T {
    return this.storage.run(withProperty(this.current(), key, value), fn);
  }

  get(key: string): string | undefined {
    return this.current().get(key);
  }

  /** The properties a job submitted now carries (never mutated afterwards). */
  current(): ReadonlyMap<string, string> {
    return this.storage.getStore() ?? none;
  }
}
