/**
 * The console progress bar: Spark's `[Stage 3:=====>      (12 + 4) / 40]` format,
 * shown only for stages that have run a while, redrawn in place, erased at the end,
 * and silent when stdout is not a terminal.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KindlingConf } from '@kindling/common';
import type { StageInfo, TaskInfo } from '../index.js';
import { ConsoleProgressBar, renderBar } from './console-progress-bar.js';

function stageInfo(stageId: number, numTasks: number): StageInfo {
  return { stageId, attemptId: 0, name: `stage ${stageId}`, kind: 'ResultStage', numTasks, rddId: 0, parentIds: [] };
}

function taskInfo(stageId: number, taskId: number): TaskInfo {
  return { taskId, index: taskId, jobId: 0, stageId, stageAttemptId: 0, partitionId: taskId, attemptNumber: 0, executorId: 'e', host: 'h', launchTime: 0 };
}

class FakeTerminal {
  readonly isTTY = true;
  readonly columns: number;
  written = '';
  constructor(columns: number) {
    this.columns = columns;
  }
  write(text: string): boolean {
    this.written += text;
    return true;
  }
}

void describe('console progress bar', () => {
  void test('renders completed and running tasks in Spark’s format', () => {
    // 40 columns: 17 for the bar, of which 12/40 are done.
    assert.equal(renderBar({ stageId: 3, numTasks: 40, completed: 12, active: 4 }, 40), `[Stage 3:=====>${' '.repeat(11)}(12 + 4) / 40]`);
    assert.equal(renderBar({ stageId: 0, numTasks: 4, completed: 0, active: 2 }, 30), `[Stage 0:>${' '.repeat(8)}(0 + 2) / 4]`);
    assert.equal(renderBar({ stageId: 1, numTasks: 2, completed: 2, active: 0 }, 24), '[Stage 1:===(2 + 0) / 2]');
    assert.equal(renderBar({ stageId: 7, numTasks: 100, completed: 5, active: 1 }, 10), '[Stage 7:(5 + 1) / 100]', 'no room for a bar');
  });

  void test('shows a stage once it has run 500 ms, one bar per stage sharing the line, then erases it', () => {
    let now = 0;
    const terminal = new FakeTerminal(80);
    const bar = new ConsoleProgressBar({ output: terminal, now: () => now });
    bar.onStageSubmitted({ stageInfo: stageInfo(0, 4) });
    bar.onStageSubmitted({ stageInfo: stageInfo(1, 2) });
    bar.onTaskStart({ taskInfo: taskInfo(0, 0) });
    bar.onTaskStart({ taskInfo: taskInfo(0, 1) });
    bar.onTaskEnd({ taskInfo: taskInfo(0, 0), reason: 'Success' });
    bar.onTaskStart({ taskInfo: taskInfo(1, 2) });
    now = 100;
    bar.refresh();
    assert.equal(terminal.written, '', 'nothing for stages younger than 500 ms');
    now = 600;
    bar.refresh();
    const line = bar.render();
    assert.equal(line.length, 80);
    assert.match(line, /^\[Stage 0:=+>\s+\(1 \+ 1\) \/ 4\]\[Stage 1:>\s+\(0 \+ 1\) \/ 2\]$/);
    assert.equal(terminal.written, `\r${line}`);
    bar.refresh();
    assert.equal(terminal.written, `\r${line}`, 'an unchanged line is not redrawn');
    bar.onTaskEnd({ taskInfo: taskInfo(0, 1), reason: 'ExceptionFailure' });
    assert.match(bar.render(), /\(1 \+ 0\) \/ 4\]/, 'a failed task is no longer running and not complete');
    bar.onStageCompleted({ stageInfo: stageInfo(0, 4) });
    bar.onStageCompleted({ stageInfo: stageInfo(1, 2) });
    assert.ok(terminal.written.endsWith(`\r${' '.repeat(80)}\r`), 'the line is erased when no stage is left');
    bar.stop();
  });

  void test('is silent when stdout is not a terminal or when disabled', () => {
    const conf = new KindlingConf();
    assert.equal(ConsoleProgressBar.createIfEnabled(conf, { isTTY: false, write: () => true }), undefined);
    assert.equal(ConsoleProgressBar.createIfEnabled(conf, { write: () => true }), undefined);
    assert.ok(ConsoleProgressBar.createIfEnabled(conf, new FakeTerminal(80)) instanceof ConsoleProgressBar);
    conf.set('kindling.ui.showConsoleProgress', false);
    assert.equal(ConsoleProgressBar.createIfEnabled(conf, new FakeTerminal(80)), undefined);
  });
});
