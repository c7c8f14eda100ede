/**
 * What the UI costs the scheduler (issue 12, item 6): jobs of many short tasks on
 * `local-inprocess` — where the scheduler's own work per task is what limits
 * throughput, so the listener's share shows most — with the UI and the event log
 * on, against both off (no listener on the bus), in the same run, alternating, best
 * of 5. And the status store alone: task start/end events applied, in stages of
 * 100 tasks (2,000 stages, past the retained 1,000),
 * against a baseline loop that does the least a store could (one Map set and one
 * delete per task).
 *
 * Run: npx --yes pnpm@10 bench ui
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../kindling-context.js';
import type { TaskInfo } from '../scheduler/task-set.js';
import { AppStatusStore } from './status/app-status-store.js';
import type { UiEvent } from './status/ui-event.js';

const TASKS_PER_JOB = 2_000;
const JOBS = 5;
const RUNS = 5;
const STORE_TASKS = 200_000;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function timeJobs(kc: KindlingContext): Promise<number> {
  const rdd = kc.parallelize(Array.from({ length: TASKS_PER_JOB }, (_, i) => i), TASKS_PER_JOB);
  globalThis.gc?.();
  const t0 = performance.now();
  for (let j = 0; j < JOBS; j++) await rdd.count();
  return performance.now() - t0;
}

async function schedulerCost(dir: string): Promise<void> {
  const variants: Array<{ name: string; conf: KindlingConf }> = [
    { name: 'UI and event log off', conf: new KindlingConf().set('kindling.ui.enabled', false) },
    { name: 'UI on', conf: new KindlingConf().set('kindling.ui.port', 0) },
    {
      name: 'UI and event log on',
      conf: new KindlingConf().set('kindling.ui.port', 0).set('kindling.eventLog.enabled', true).set('kindling.eventLog.dir', pathToFileURL(join(dir, 'events')).href),
    },
  ];
  const contexts = await Promise.all(variants.map((v) => KindlingContext.create({ master: 'local-inprocess', conf: v.conf, logger: silentLogger() })));
  try {
    for (const kc of contexts) await timeJobs(kc);
    const runs: number[][] = variants.map(() => []);
    // Interleaved, so that the machine's load falls on every variant alike.
    for (let r = 0; r < RUNS; r++) for (let v = 0; v < contexts.length; v++) runs[v]!.push(await timeJobs(contexts[v]!));
    const tasks = TASKS_PER_JOB * JOBS;
    const best = runs.map((r) => Math.min(...r));
    variants.forEach((v, i) => out(`tasks/s, ${v.name.padEnd(20)} ${Math.round(tasks / (best[i]! / 1000))}  (runs ${runs[i]!.map((x) => x.toFixed(0)).join(', ')} ms)`));
    out(`ratio UI on / off (throughput): ${(best[0]! / best[1]!).toFixed(3)}`);
    out(`ratio UI and event log on / off (throughput): ${(best[0]! / best[2]!).toFixed(3)}`);
  } finally {
    for (const kc of contexts) await kc.stop();
  }
}

function storeCost(): void {
  const infos: TaskInfo[] = Array.from({ length: STORE_TASKS }, (_, i) => ({ taskId: i, index: i % 100, jobId: Math.floor(i / 100), stageId: Math.floor(i / 100), stageAttemptId: 0, partitionId: i % 100, attemptNumber: 0, executorId: String(i % 2), host: 'h', launchTime: i }));
  const metrics = { executorRunTimeMs: 1, recordsRead: 10, recordsWritten: 0, shuffleBytesRead: 0, shuffleBytesWritten: 100 };
  // Stages of 100 tasks, as a streaming application makes them: 2,000 stages, past retainedStages (1000).
  const stages = Array.from({ length: STORE_TASKS / 100 }, (_, id) => ({ stageId: id, attemptId: 0, name: 's', kind: 'ShuffleMapStage' as const, numTasks: 100, rddId: id, parentIds: [] }));
  const best = (run: () => void): number => {
    let min = Infinity;
    for (let r = 0; r < RUNS; r++) {
      globalThis.gc?.();
      const t0 = performance.now();
      run();
      min = Math.min(min, performance.now() - t0);
    }
    return min;
  };
  const baseline = best(() => {
    const running = new Map<number, TaskInfo>();
    let done = 0;
    for (const info of infos) {
      running.set(info.taskId, info);
      if (running.delete(info.taskId)) done++;
    }
    if (done !== STORE_TASKS) throw new Error('baseline lost tasks');
  });
  const store = best(() => {
    const s = new AppStatusStore();
    s.apply({ type: 'ApplicationStart', appId: 'a', appName: 'a', time: 0, user: 'u', kindlingVersion: '0', master: 'local' });
    s.apply({ type: 'ExecutorAdded', executorId: '0', host: 'h', cores: 1, time: 0 });
    s.apply({ type: 'ExecutorAdded', executorId: '1', host: 'h', cores: 1, time: 0 });
    let completed = 0;
    for (const stage of stages) {
      s.apply({ type: 'JobStart', jobId: stage.stageId, time: 0, stageInfos: [stage] });
      s.apply({ type: 'StageSubmitted', time: 0, stageInfo: stage, rddInfos: [] });
      for (let t = stage.stageId * 100; t < (stage.stageId + 1) * 100; t++) {
        const info = infos[t]!;
        s.apply({ type: 'TaskStart', taskInfo: info } satisfies UiEvent);
        s.apply({ type: 'TaskEnd', taskInfo: info, reason: 'Success', finishTime: info.launchTime + 1, metrics } satisfies UiEvent);
      }
      s.apply({ type: 'StageCompleted', time: 1, stageInfo: stage });
      s.apply({ type: 'JobEnd', jobId: stage.stageId, time: 1, succeeded: true });
      completed += s.stage(stage.stageId, 0)!.numCompleteTasks;
    }
    if (completed !== STORE_TASKS || s.stages.size > 1000) throw new Error('the store lost tasks or kept too many stages');
  });
  out(`status store: ${((store * 1e6) / STORE_TASKS).toFixed(0)} ns per task (start + end), baseline Map set+delete ${((baseline * 1e6) / STORE_TASKS).toFixed(0)} ns; ratio store/baseline ${(store / baseline).toFixed(1)}`);
}

const dir = await mkdtemp(join(tmpdir(), 'kindling-ui-bench-'));
try {
  storeCost();
  await schedulerCost(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
