/**
 * Task results too large to travel inline in a status update (over 1 MiB, like
 * Spark's maxDirectResultSize): kept here until the driver fetches them with
 * FetchTaskResult, then dropped. Results the driver never fetches (it died, or the
 * task's job was cancelled) are dropped with the application's state.
 */
export class ResultStore {
  private readonly results = new Map<number, Uint8Array>();

  put(taskId: number, result: Uint8Array): void {
    this.results.set(taskId, result);
  }

  take(taskId: number): Uint8Array | undefined {
    const result = this.results.get(taskId);
    this.results.delete(taskId);
    return result;
  }

  clear(): void {
    this.results.clear();
  }
}
