/**
 * Numbers the task payloads the driver launches, so that a payload (one per stage,
 * shared by all its tasks) crosses the wire once per executor and afterwards only
 * its id. Held weakly: once the scheduler drops a stage's task set, its payload may
 * be collected, and an executor can no longer ask for it — nor does it need to,
 * since only launched tasks refer to it.
 */
export class PayloadRegistry {
  private readonly ids = new WeakMap<Uint8Array, number>();
  private readonly payloads = new Map<number, WeakRef<Uint8Array>>();
  private readonly cleanup = new FinalizationRegistry<number>((id) => this.payloads.delete(id));
  private nextId = 1;

  idOf(payload: Uint8Array): number {
    let id = this.ids.get(payload);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(payload, id);
      this.payloads.set(id, new WeakRef(payload));
      this.cleanup.register(payload, id);
    }
    return id;
  }

  get(id: number): Uint8Array | undefined {
    return this.payloads.get(id)?.deref();
  }
}
