/**
 * The broadcast values this process holds (Spark's BroadcastManager cache plus the
 * block manager's broadcast blocks), by id.
 *
 * - `originals`: values created here, on the driver (`kc.broadcast`), or restored
 *   from a streaming checkpoint. A task running in the driver (local-inprocess) reads
 *   them directly.
 * - `copies`: values an executor (each task thread) fetched and decoded. Dropped by
 *   `unpersist` and `destroy`; the next task that needs one fetches it again.
 *
 * One registry per process (per worker thread): a handle revived in a task function
 * carries only its id, and a cached, resolved function is shared by every task of the
 * process, so the value cannot live in the handle.
 */
import { deserialize } from 'node:v8';
import { ErrorCode, IllegalStateError, KindlingError, SerializationError } from '../errors/index.js';

/** Where an executor gets a broadcast's bytes it does not hold (the driver, through its executor's main thread). */
export interface BroadcastSource {
  fetch(id: number): Promise<Uint8Array>;
}

/** Use of a broadcast after its destroy(): a one-line error, as Spark's "Attempted to use Broadcast(3) after it was destroyed". */
export class BroadcastDestroyedError extends KindlingError {
  override readonly name = 'BroadcastDestroyedError';
  constructor(readonly broadcastId: number) {
    super(
      ErrorCode.IllegalState,
      `Broadcast(${broadcastId}) was used after it was destroyed (destroy() removes it everywhere); create a new one with kc.broadcast(value), or call unpersist() instead to only drop the executors' copies`,
    );
  }
}

const originals = new Map<number, unknown>();
const copies = new Map<number, unknown>();
const loading = new Map<number, Promise<void>>();
const destroyed = new Set<number>();
/**
 * Ids start at the clock's milliseconds when this process loaded the module: a
 * restarted driver re-registers the broadcasts of its checkpoint under their old ids
 * (checkpointed functions carry them), and broadcasts the restarted driver creates
 * before it reads the checkpoint must not take one of those. Unique as long as a
 * driver creates fewer broadcasts than milliseconds pass before its restart.
 */
let nextId = Date.now();

/** A new id for a broadcast created in this process. */
export function newBroadcastId(): number {
  return nextId++;
}

/** Registers a driver-side value (new, or restored from a checkpoint under its old id). */
export function registerBroadcast(id: number, value: unknown): void {
  if (originals.has(id)) throw new IllegalStateError(`Broadcast(${id}) is already registered in this process`);
  originals.set(id, value);
  destroyed.delete(id);
  if (id >= nextId) nextId = id + 1;
}

export function isBroadcastRegistered(id: number): boolean {
  return originals.has(id);
}

/** Forgets a driver-side value; `markDestroyed` makes later uses fail with BroadcastDestroyedError. */
export function unregisterBroadcast(id: number, markDestroyed: boolean): void {
  originals.delete(id);
  copies.delete(id);
  if (markDestroyed) destroyed.add(id);
}

export function isBroadcastDestroyed(id: number): boolean {
  return destroyed.has(id);
}

/** Drops this process's fetched copy (an executor's part of unpersist/destroy). */
export function dropBroadcastCopy(id: number): void {
  copies.delete(id);
}

export function broadcastValue(id: number): unknown {
  if (copies.has(id)) return copies.get(id);
  if (originals.has(id)) return originals.get(id);
  if (destroyed.has(id)) throw new BroadcastDestroyedError(id);
  throw new IllegalStateError(
    `Broadcast(${id}) is not loaded in this process: a task loads the broadcasts its functions capture before it starts, so pass the handle with capture({ b }, ({ b }) => …) rather than through records or globals`,
  );
}

/** Whether this process holds the value (original or copy): for tests and counters. */
export function holdsBroadcast(id: number): boolean {
  return copies.has(id) || originals.has(id);
}

/**
 * Makes every broadcast in `ids` readable here, fetching the missing ones from
 * `source` once (concurrent tasks share one fetch).
 */
export async function loadBroadcasts(ids: readonly number[], source: BroadcastSource | undefined): Promise<void> {
  for (const id of ids) {
    if (copies.has(id) || originals.has(id)) continue;
    if (source === undefined) throw new IllegalStateError(`Broadcast(${id}) is not held here and this process has no way to fetch broadcasts`);
    let pending = loading.get(id);
    if (pending === undefined) {
      pending = source.fetch(id).then((bytes) => {
        copies.set(id, decodeBroadcastValue(id, bytes));
      });
      loading.set(id, pending);
      void pending.finally(() => loading.delete(id)).catch(() => undefined);
    }
    await pending;
  }
}

export function decodeBroadcastValue(id: number, bytes: Uint8Array): unknown {
  try {
    return deserialize(bytes);
  } catch (error) {
    throw new SerializationError(`Cannot decode Broadcast(${id}): ${(error as Error).message}`, { cause: error });
  }
}
