/**
 * Spark's console progress bar: while stages run in a terminal, one bar per active
 * stage, `[Stage 3:=====>      (12 + 4) / 40]` — completed tasks, running tasks,
 * total — redrawn in place at most every 200 ms, and erased when the job ends.
 *
 * Like Spark, the bars of concurrent stages share one terminal line (each gets an
 * equal share of its width) and the line is redrawn with a carriage return, never
 * with cursor movements: log lines written to the same terminal in between cannot
 * be overwritten or garbled by the redraw. A stage shows up only after it has run
 * for 500 ms, so short jobs leave no flicker. Silent when stdout is not a terminal.
 */
import type { KindlingConf } from '@kindling/common';
import type { KindlingListener, StageCompletedEvent, StageSubmittedEvent, TaskEndEvent, TaskStartEvent } from '../scheduler/kindling-listener.js';

/** The part of a tty.WriteStream the bar uses (a fake in tests). */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ConsoleProgressBarOptions {
  readonly output: ProgressOutput;
  readonly updatePeriodMs?: number;
  /** How long a stage must have run before it is shown. */
  readonly firstDelayMs?: number;
  readonly now?: () => number;
}

interface StageProgress {
  readonly stageId: number;
  readonly attemptId: number;
  readonly numTasks: number;
  readonly submittedAt: number;
  completed: number;
  active: number;
}

/** At most this many bars; more concurrent stages would leave each too narrow to read. */
const MAX_BARS = 3;

export class ConsoleProgressBar implements KindlingListener {
  private readonly stages = new Map<string, StageProgress>();
  private readonly output: ProgressOutput;
  private readonly updatePeriodMs: number;
  private readonly firstDelayMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private lastLine = '';
  private paused = false;

  /** A bar on process.stdout if it is a terminal and `kindling.ui.showConsoleProgress` is not false. */
  static createIfEnabled(conf: KindlingConf, output: ProgressOutput = process.stdout): ConsoleProgressBar | undefined {
    if (output.isTTY !== true || !conf.getBoolean('kindling.ui.showConsoleProgress', true)) return undefined;
    return new ConsoleProgressBar({ output });
  }

  constructor(options: ConsoleProgressBarOptions) {
    this.output = options.output;
    this.updatePeriodMs = options.updatePeriodMs ?? 200;
    this.firstDelayMs = options.firstDelayMs ?? 500;
    this.now = options.now ?? Date.now;
  }

  onStageSubmitted({ stageInfo }: StageSubmittedEvent): void {
    this.stages.set(key(stageInfo.stageId, stageInfo.attemptId), {
      stageId: stageInfo.stageId,
      attemptId: stageInfo.attemptId,
      numTasks: stageInfo.numTasks,
      submittedAt: this.now(),
      completed: 0,
      active: 0,
    });
    this.timer ??= setInterval(() => this.refresh(), this.updatePeriodMs).unref();
  }

  onTaskStart({ taskInfo }: TaskStartEvent): void {
    const stage = this.stages.get(key(taskInfo.stageId, taskInfo.stageAttemptId));
    if (stage !== undefined) stage.active++;
  }

  onTaskEnd({ taskInfo, reason }: TaskEndEvent): void {
    const stage = this.stages.get(key(taskInfo.stageId, taskInfo.stageAttemptId));
    if (stage === undefined || reason === 'Resubmitted') return;
    stage.active = Math.max(0, stage.active - 1);
    if (reason === 'Success') stage.completed++;
  }

  onStageCompleted({ stageInfo }: StageCompletedEvent): void {
    this.stages.delete(key(stageInfo.stageId, stageInfo.attemptId));
    if (this.stages.size === 0) this.finishAll();
  }

  onJobEnd(): void {
    if (this.stages.size === 0) this.finishAll();
  }

  /** The line for the stages visible at `now` ('' when none is). */
  render(now: number = this.now()): string {
    const visible = [...this.stages.values()]
      .filter((s) => now - s.submittedAt >= this.firstDelayMs)
      .sort((a, b) => a.stageId - b.stageId)
      .slice(0, MAX_BARS);
    if (visible.length === 0) return '';
    const width = Math.floor(this.terminalWidth() / visible.length);
    return visible.map((s) => renderBar(s, width)).join('');
  }

  /** The terminal's width; a pseudo-terminal may report 0, so fall back to $COLUMNS, then 80 (as Spark). */
  private terminalWidth(): number {
    const columns = this.output.columns ?? 0;
    if (columns > 0) return columns;
    const fromEnv = Number(process.env['COLUMNS']);
    return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  }

  /**
   * Stops drawing (the line is erased) until `resume`: a running StreamingContext
   * shows one status line per batch instead. Stages are still tracked meanwhile.
   */
  pause(): void {
    this.paused = true;
    this.erase();
  }

  resume(): void {
    this.paused = false;
  }

  /** Redraws the line if it changed. */
  refresh(): void {
    if (this.paused) return;
    const line = this.render();
    if (line === this.lastLine) return;
    // Pad with spaces to wipe what remains of a longer previous line.
    const padding = ' '.repeat(Math.max(0, this.lastLine.length - line.length));
    this.output.write(`\r${line}${padding}${line === '' ? '\r' : ''}`);
    this.lastLine = line;
  }

  stop(): void {
    this.stages.clear();
    this.finishAll();
  }

  private finishAll(): void {
    if (this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.erase();
  }

  private erase(): void {
    if (this.lastLine !== '') {
      this.output.write(`\r${' '.repeat(this.lastLine.length)}\r`);
      this.lastLine = '';
    }
  }
}

function key(stageId: number, attemptId: number): string {
  return `${stageId}.${attemptId}`;
}

/** `[Stage 3:=====>      (12 + 4) / 40]` filling `width` columns when there is room for a bar. */
export function renderBar(stage: { stageId: number; numTasks: number; completed: number; active: number }, width: number): string {
  const header = `[Stage ${stage.stageId}:`;
  const tailer = `(${stage.completed} + ${stage.active}) / ${stage.numTasks}]`;
  const w = width - header.length - tailer.length;
  if (w <= 0) return header + tailer;
  const filled = stage.numTasks === 0 ? w : Math.floor((w * stage.completed) / stage.numTasks);
  let bar = '';
  for (let i = 0; i < w; i++) bar += i < filled ? '=' : i === filled ? '>' : ' ';
  return header + bar + tailer;
}
