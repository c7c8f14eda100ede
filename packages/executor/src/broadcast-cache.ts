/**
 * The executor's broadcast bytes, by id (the executor half of Spark's
 * TorrentBroadcast): fetched from the driver on the first task that needs one, once
 * per executor however many task threads it has, and kept until the driver's
 * RemoveBroadcast (unpersist or destroy). Each task thread decodes its own copy
 * (threads share no heap); they ask the main thread for the bytes.
 */
import type { BroadcastSource, Logger } from '@kindling/common';
import type { DriverClient } from './driver-client.js';

export class ExecutorBroadcastCache implements BroadcastSource {
  private readonly bytes = new Map<number, Promise<Uint8Array>>();

  constructor(
    private readonly driver: Pick<DriverClient, 'fetchBroadcast'>,
    private readonly logger: Logger,
  ) {}

  fetch(id: number): Promise<Uint8Array> {
    let pending = this.bytes.get(id);
    if (pending === undefined) {
      pending = this.driver.fetchBroadcast(id);
      this.bytes.set(id, pending);
      // A failed fetch is not kept: the next task asks again.
      pending.then(
        (bytes) => this.logger.debug({ broadcastId: id, bytes: bytes.byteLength }, `fetched Broadcast(${id}) from the driver`),
        () => this.bytes.delete(id),
      );
    }
    return pending;
  }

  remove(id: number): void {
    this.bytes.delete(id);
  }
}
