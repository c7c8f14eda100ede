/**
 * Task payloads by id, least recently used first out. All tasks of a stage share one
 * payload (the stage's serialized RDD plans), so the driver sends its bytes once per
 * executor and each task thread keeps them: the same Uint8Array object for every
 * task of the stage also lets the engine's decoded-stage cache hit by identity
 * instead of hashing the bytes again.
 */
export class PayloadCache {
  private readonly entries = new Map<number, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

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
      if (this.bytes <= this.maxBytes || id === payloadId) break;
      this.entries.delete(id);
      this.bytes -= p.byteLength;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
