/**
 * Collects a job's task results and settles one promise when the job ends (Spark's
 * JobWaiter). Results are kept as the encoded bytes the tasks produced; the
 * KindlingContext decodes them in partition order once all have arrived.
 */
import type { JobListener } from './active-job.js';

export class JobWaiter implements JobListener {
  readonly promise: Promise<Uint8Array[]>;
  private readonly results: (Uint8Array | undefined)[];
  private finishedTasks = 0;
  private settled = false;
  private resolve!: (results: Uint8Array[]) => void;
  private reject!: (error: Error) => void;

  constructor(
    readonly jobId: number,
    readonly totalTasks: number,
  ) {
    this.results = new Array<Uint8Array | undefined>(totalTasks).fill(undefined);
    this.promise = new Promise<Uint8Array[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (totalTasks === 0) this.finish();
  }

  get isCompleted(): boolean {
    return this.settled;
  }

  taskSucceeded(outputId: number, result: Uint8Array): void {
    if (this.settled || this.results[outputId] !== undefined) return;
    this.results[outputId] = result;
    this.finishedTasks++;
    if (this.finishedTasks === this.totalTasks) this.finish();
  }

  jobFailed(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    this.resolve(this.results as Uint8Array[]);
  }
}
