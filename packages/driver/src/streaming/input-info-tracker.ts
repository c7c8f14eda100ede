/**
 * What each input stream received for each batch (Spark's InputInfoTracker): the
 * batch's "records in" for listeners and the UI. Entries are dropped with the
 * batch's metadata, so the map holds only batches still remembered.
 */
export interface StreamInputInfo {
  readonly inputStreamId: number;
  readonly numRecords: number;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export class InputInfoTracker {
  private readonly batchTimeToInputInfos = new Map<number, Map<number, StreamInputInfo>>();

  reportInfo(time: number, info: StreamInputInfo): void {
    let infos = this.batchTimeToInputInfos.get(time);
    if (infos === undefined) {
      infos = new Map();
      this.batchTimeToInputInfos.set(time, infos);
    }
    infos.set(info.inputStreamId, info);
  }

  getInfo(time: number): ReadonlyMap<number, StreamInputInfo> {
    return this.batchTimeToInputInfos.get(time) ?? new Map();
  }

  /** Forgets batches at or before `time`. */
  cleanup(time: number): void {
    for (const t of this.batchTimeToInputInfos.keys()) if (t <= time) this.batchTimeToInputInfos.delete(t);
  }

  get size(): number {
    return this.batchTimeToInputInfos.size;
  }
}
