/**
 * The driver's broadcasts (Spark's BroadcastManager with TorrentBroadcast's driver
 * half): `kc.broadcast(value)` encodes the value once, keeps the original for driver
 * code and in-process tasks, and serves the bytes to executors by id
 * (DriverService.FetchBroadcast). Each executor fetches a broadcast once and keeps it
 * until `unpersist()` or `destroy()` (packages/executor/src/broadcast-cache.ts).
 *
 * Kindling serves every fetch from the driver rather than from executors' block
 * managers as Spark's torrent does: a local[N] or small kindling:// cluster has few
 * executors, and the driver's bytes are one buffer shared by every fetch.
 */
import { serialize } from 'node:v8';
import {
  Broadcast,
  BroadcastDestroyedError,
  InvalidArgumentError,
  SerializationError,
  decodeBroadcastValue,
  describeValue,
  newBroadcastId,
  registerBroadcast,
  unregisterBroadcast,
  type BroadcastOwner,
  type Logger,
} from '@kindling/common';

/** Where executors' broadcast fetches are answered (the cluster backend's DriverService). */
export interface BroadcastBytesSource {
  /** The encoded value; throws BroadcastDestroyedError for a destroyed one. Counts the fetch. */
  fetchBytes(id: number): Uint8Array;
}

/** What the driver does on executors for unpersist and destroy (the scheduler backend). */
export interface BroadcastRemover {
  removeBroadcast(id: number): Promise<void>;
}

/** A named broadcast of the checkpoint an upgrade starts from, waiting for the new code to create its name again. */
export interface UpgradeBroadcast {
  readonly id: number;
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly value: unknown;
}

export class BroadcastManager implements BroadcastOwner, BroadcastBytesSource {
  private readonly bytes = new Map<number, Uint8Array>();
  private readonly handles = new Map<number, Broadcast<unknown>>();
  private readonly names = new Map<number, string>();
  /** While an upgrade runs the new code's create function: the checkpoint's named broadcasts, by name. */
  private readonly upgradeOffers = new Map<string, UpgradeBroadcast & { file: string }>();
  private readonly fetches = new Map<number, number>();
  private remover: BroadcastRemover | undefined;
  private readonly createdListeners = new Set<(broadcast: Broadcast<unknown>, bytes: Uint8Array) => void>();
  private readonly removedListeners = new Set<(id: number) => void>();

  constructor(private readonly logger: Logger) {}

  /** Set once the backend exists (it is created after this manager, which it serves). */
  setRemover(remover: BroadcastRemover): void {
    this.remover = remover;
  }

  /**
   * The driver keeps a decoded copy, not the caller's object: a later change to that
   * object is seen nowhere, on every master alike (Spark's local mode shares the
   * object with its tasks, a known surprise).
   */
  newBroadcast<T>(value: T, name?: string): Broadcast<T> {
    if (name !== undefined) {
      if (typeof name !== 'string' || name === '') throw new InvalidArgumentError(`kc.broadcast: the name must be a non-empty string, got ${JSON.stringify(name)}`);
      for (const [id, existing] of this.names) {
        if (existing === name) throw new InvalidArgumentError(`kc.broadcast: Broadcast(${id}) is named '${name}' already; destroy it first or use another name`);
      }
      // An upgrade: the checkpoint's broadcast of this name comes back, value and id,
      // as a named accumulator does (docs/DECISIONS.md, "upgrades and shared variables").
      const offer = this.upgradeOffers.get(name);
      if (offer !== undefined) {
        this.upgradeOffers.delete(name);
        this.logger.info(
          { broadcastId: offer.id },
          `Broadcast '${name}' restored from the checkpoint ${offer.file} as Broadcast(${offer.id}); the value given to kc.broadcast is not used (to replace the value on an upgrade, give the broadcast another name)`,
        );
        return this.register(offer.id, offer.value as T, offer.bytes, name);
      }
    }
    const id = newBroadcastId();
    const bytes = encode(value);
    return this.register(id, decodeBroadcastValue(id, bytes) as T, bytes, name);
  }

  /** A broadcast restored from a streaming checkpoint, under the id it had (its handles in checkpointed functions carry that id). */
  restore(id: number, bytes: Uint8Array, value: unknown, name?: string): Broadcast<unknown> {
    const existing = this.handles.get(id);
    if (existing !== undefined) return existing;
    return this.register(id, value, bytes, name);
  }

  /**
   * An upgrade is about to run the new code's create function: `kc.broadcast(v, { name })`
   * of one of these names returns the checkpoint's broadcast instead of a new one.
   */
  offerForUpgrade(broadcasts: readonly UpgradeBroadcast[], file: string): void {
    for (const b of broadcasts) this.upgradeOffers.set(b.name, { ...b, file });
  }

  /** The create function has run: the names it did not create again are dropped; returns them. */
  withdrawUpgradeOffers(): string[] {
    const unclaimed = [...this.upgradeOffers.keys()];
    this.upgradeOffers.clear();
    return unclaimed;
  }

  /** The name given to kc.broadcast, if any. */
  nameOf(id: number): string | undefined {
    return this.names.get(id);
  }

  private register<T>(id: number, value: T, bytes: Uint8Array, name: string | undefined): Broadcast<T> {
    registerBroadcast(id, value);
    const broadcast = new Broadcast<T>(id, this);
    this.bytes.set(id, bytes);
    this.handles.set(id, broadcast as Broadcast<unknown>);
    if (name !== undefined && name !== '') this.names.set(id, name);
    this.logger.debug({ broadcastId: id, bytes: bytes.byteLength }, `Created ${broadcast.toString()} (${bytes.byteLength} bytes)`);
    for (const listener of this.createdListeners) listener(broadcast as Broadcast<unknown>, bytes);
    return broadcast;
  }

  fetchBytes(id: number): Uint8Array {
    const bytes = this.bytes.get(id);
    if (bytes === undefined) throw new BroadcastDestroyedError(id);
    this.fetches.set(id, (this.fetches.get(id) ?? 0) + 1);
    return bytes;
  }

  /** How many times executors fetched broadcast `id` (tests assert one per executor). */
  fetchCount(id: number): number {
    return this.fetches.get(id) ?? 0;
  }

  /** The live broadcasts with their encoded values (a streaming checkpoint writes them). */
  live(): Array<{ readonly broadcast: Broadcast<unknown>; readonly bytes: Uint8Array }> {
    return [...this.handles.values()].map((broadcast) => ({ broadcast, bytes: this.bytes.get(broadcast.id)! }));
  }

  /** Calls `listener` for every broadcast created or restored from now on; returns a function that stops it. */
  onCreated(listener: (broadcast: Broadcast<unknown>, bytes: Uint8Array) => void): () => void {
    this.createdListeners.add(listener);
    return () => this.createdListeners.delete(listener);
  }

  onDestroyed(listener: (id: number) => void): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  async unpersist(id: number): Promise<void> {
    if (!this.bytes.has(id)) throw new BroadcastDestroyedError(id);
    await this.remover?.removeBroadcast(id);
  }

  async destroy(id: number): Promise<void> {
    if (!this.bytes.has(id)) throw new BroadcastDestroyedError(id);
    this.bytes.delete(id);
    this.handles.delete(id);
    this.names.delete(id);
    unregisterBroadcast(id, true);
    for (const listener of this.removedListeners) listener(id);
    await this.remover?.removeBroadcast(id);
  }

  /** The context stopped: its values leave this process's registry (not marked destroyed: a restarted context may restore them). */
  stop(): void {
    for (const id of this.handles.keys()) unregisterBroadcast(id, false);
    this.handles.clear();
    this.bytes.clear();
    this.names.clear();
    this.upgradeOffers.clear();
  }
}

function encode(value: unknown): Uint8Array {
  try {
    return serialize(value);
  } catch (error) {
    throw new SerializationError(
      `kc.broadcast: the value (${describeValue(value)}) cannot be serialized; broadcast plain data (numbers, strings, arrays, plain objects, Map, Set, Date, typed arrays)`,
      { cause: error },
    );
  }
}
