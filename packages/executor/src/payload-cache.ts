/**
 * Task payloads by id, least recently used first out. All tasks of a stage share one
 * payload (the stage's serialized RDD plans), so the driver sends its bytes once per
 * executor and each task thread keeps them: the same Uint8Array object for every
 * task of the stage also lets the engine's decoded-stage cache hit by identity
 * instead of hashing the bytes again.
 *
 * Bounded by count as well as bytes. A payload keeps its decoded stage alive (the
 * stage cache looks stages up by payload identity), and a decoded stage holds its
 * parallelized data as objects, several times the payload's bytes: a stream makes a
 * few small stages every batch, so a byte bound alone let an executor grow by
 * ~0.3 MB a batch for thousands of batches (the soak: 110 → 700 MB RSS over 2,000
 * batches). A stage's payload is only needed while its tasks run; one evicted
 * early is fetched again from the driver.
 */
/** Stages whose payloads are kept: far more than run at once, as many as the stage cache keeps decoded. */
export const DEFAULT_MAX_PAYLOADS = 32;

export class PayloadCache {
  private readonly entries = new Map<number, Uint8Array>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntries: number = DEFAULT_MAX_PAYLOADS,
  ) {}

  get(payloadId: number): Uint8Array | undefined {
    const payload = this.entries.get(payloadId);
    if (payload !== undefined) {
      this.entries.delete(payloadId);
      this.entries.set(payloadId, payload);
    }
    return payload;
  }

  has(payloadId: number): boolean {
    return this.entries.has(payloadId);
  }

  put(payloadId: number, payload: Uint8Array): void {
    const old = this.entries.get(payloadId);
    if (old !== undefined) {
      this.bytes -= old.byteLength;
      this.entries.delete(payloadId);
    }
    this.entries.set(payloadId, payload);
    this.bytes += payload.byteLength;
    // Evict the oldest, but always keep the newest entry even if it alone is too big:
    // the task that brought it is about to use it.
    for (const [id, p] of this.entries) {
      if ((this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) || id === payloadId) break;
      this.entries.delete(id);
      this.bytes -= p.byteLength;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
