/** A KindlingListener that keeps every event, for tests that assert what the schedulers did. */
import type {
  JobEndEvent,
  JobStartEvent,
  KindlingListener,
  StageCompletedEvent,
  StageSubmittedEvent,
  TaskEndEvent,
  TaskStartEvent,
} from '../index.js';

export class EventRecorder implements KindlingListener {
  readonly jobStarts: JobStartEvent[] = [];
  readonly jobEnds: JobEndEvent[] = [];
  readonly stagesSubmitted: StageSubmittedEvent[] = [];
  readonly stagesCompleted: StageCompletedEvent[] = [];
  readonly taskStarts: TaskStartEvent[] = [];
  readonly taskEnds: TaskEndEvent[] = [];

  onJobStart(e: JobStartEvent): void {
    this.jobStarts.push(e);
  }
  onJobEnd(e: JobEndEvent): void {
    this.jobEnds.push(e);
  }
  onStageSubmitted(e: StageSubmittedEvent): void {
    this.stagesSubmitted.push(e);
  }
  onStageCompleted(e: StageCompletedEvent): void {
    this.stagesCompleted.push(e);
  }
  onTaskStart(e: TaskStartEvent): void {
    this.taskStarts.push(e);
  }
  onTaskEnd(e: TaskEndEvent): void {
    this.taskEnds.push(e);
  }

  clear(): void {
    for (const list of [this.jobStarts, this.jobEnds, this.stagesSubmitted, this.stagesCompleted, this.taskStarts, this.taskEnds]) {
      list.length = 0;
    }
  }

  /** Kinds of the stages submitted since the last clear, in order. */
  submittedStageKinds(): string[] {
    return this.stagesSubmitted.map((e) => e.stageInfo.kind);
  }
}
