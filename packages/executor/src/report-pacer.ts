/**
 * When an executor sends the outcomes of finished tasks on (task thread → main
 * thread, main thread → driver). Each message costs tens of microseconds of CPU at
 * both ends whatever it carries, so when the driver has pipelined short tasks here
 * (more than there are slots to run them), outcomes are sent in batches of half
 * the most that was held: one message answers several tasks, and the other half,
 * still held, keeps the slots busy while the driver sends replacements. When no
 * more tasks are held than slots, which is always the case for long tasks, every
 * outcome goes at once. Callers also bound the wait (about a millisecond), since a
 * pipelined task may turn out to be slow.
 */
export class ReportPacer {
  private highWater = 0;
  private unreported = 0;

  constructor(private readonly slots: number) {}

  /** Tasks arrived; `held` is how many are held now (queued or running). */
  added(held: number): void {
    if (held > this.highWater) this.highWater = held;
  }

  /** A task finished; `held` is how many are still held. True: send what is ready now. */
  reportNow(held: number): boolean {
    this.unreported++;
    if (held <= this.slots) {
      // Nothing beyond the slots is queued: no batch is coming, and the mark starts over.
      this.highWater = held;
    } else if (this.unreported * 2 < this.highWater) {
      return false;
    }
    this.unreported = 0;
    return true;
  }

  /** What was ready has been sent (for instance because it waited too long). */
  reported(): void {
    this.unreported = 0;
  }
}
