/**
 * The execution memory and spill files of one task attempt (Spark's
 * TaskMemoryManager plus the task's temp files): the spilling collections of a task
 * acquire memory through it, and the task runner calls `close()` when the task
 * ends — succeeded, failed or killed — so that a task can leak neither memory
 * accounting nor files.
 *
 * Spill files live in `<workDir>/spill/task-<taskAttemptId>/`: one directory per
 * attempt, removed as a whole.
 */
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/index.js';
import type { MemoryManager } from './memory-manager.js';

export class TaskMemory {
  private acquired = 0;
  private files = 0;
  private dirMade = false;
  /** Spills of this task and their bytes on disk; the task's log and tests read them. */
  spillCount = 0;
  bytesSpilled = 0;
  readonly spillDir: string;

  constructor(
    readonly manager: MemoryManager,
    workDir: string,
    taskAttemptId: number,
    /** The task's logger, or a function making it on first use (see task-runner.ts). */
    private readonly loggerSource: Logger | (() => Logger),
  ) {
    this.spillDir = join(workDir, 'spill', `task-${taskAttemptId}`);
  }

  get logger(): Logger {
    return typeof this.loggerSource === 'function' ? this.loggerSource() : this.loggerSource;
  }

  /** Asks for `bytes` of execution memory; returns what was granted (maybe 0). */
  acquire(bytes: number): number {
    const granted = this.manager.acquireExecution(bytes);
    this.acquired += granted;
    return granted;
  }

  release(bytes: number): void {
    const released = Math.min(bytes, this.acquired);
    this.acquired -= released;
    this.manager.releaseExecution(released);
  }

  get memoryAcquired(): number {
    return this.acquired;
  }

  /** A fresh path for a spill file (the directory exists). */
  newSpillFile(kind: string): string {
    if (!this.dirMade) {
      mkdirSync(this.spillDir, { recursive: true });
      this.dirMade = true;
    }
    return join(this.spillDir, `${kind}-${this.files++}.spill`);
  }

  /** Releases what the task still holds and deletes its spill files. */
  async close(): Promise<void> {
    this.release(this.acquired);
    if (this.dirMade) await rm(this.spillDir, { recursive: true, force: true });
  }
}
