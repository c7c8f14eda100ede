/**
 * The TaskScheduler prefers the executor that holds a task's cached partition
 * (issue 2 point 3): on two executors, a second job over a cached RDD runs each
 * task where the first job stored that partition, and nothing is recomputed. When
 * that executor is lost, its blocks are forgotten and the partitions it held are
 * computed again on the other one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '@kindling/common';
import { KindlingContext } from '../index.js';
import { EventRecorder } from './event-recorder.js';
import { TwoExecutorBackend } from './two-executor-backend.js';

void test('a job over a cached RDD runs each task on the executor holding its block', async () => {
  let backend: TwoExecutorBackend | undefined;
  const kc = await KindlingContext.create({
    master: 'local-inprocess',
    logger: silentLogger(),
    createBackend: (setup) => (backend = new TwoExecutorBackend(setup, 4)),
  });
  const events = new EventRecorder();
  kc.addKindlingListener(events);
  const g = globalThis as { __kindlingLocalityComputeCalls?: number };
  g.__kindlingLocalityComputeCalls = 0;
  try {
    const cached = kc
      .parallelize(Array.from({ length: 16 }, (_, i) => i), 4)
      .map((x: number) => {
        const counter = globalThis as { __kindlingLocalityComputeCalls?: number };
        counter.__kindlingLocalityComputeCalls = (counter.__kindlingLocalityComputeCalls ?? 0) + 1;
        return x + 1;
      })
      .cache();
    assert.equal(await cached.count(), 16);
    const firstStage = events.stagesSubmitted[0]!.stageInfo.stageId;
    const holder = new Map(backend!.launches.filter((l) => l.stageId === firstStage).map((l) => [l.partitionId, l.executorId]));
    assert.deepEqual(new Set(holder.values()), new Set(['exec-a', 'exec-b']), 'the first job spreads over both executors');

    events.clear();
    assert.equal(await cached.reduce((a: number, b: number) => a + b), 136);
    const secondStage = events.stagesSubmitted[0]!.stageInfo.stageId;
    const second = backend!.launches.filter((l) => l.stageId === secondStage);
    assert.equal(second.length, 4);
    for (const launch of second) assert.equal(launch.executorId, holder.get(launch.partitionId), `partition ${launch.partitionId} runs where it is cached`);
    assert.equal(g.__kindlingLocalityComputeCalls, 16, 'nothing was recomputed');

    // Losing exec-a loses its blocks: its partitions are computed again, on exec-b.
    backend!.loseExecutor('exec-a', 'killed by the test');
    events.clear();
    assert.equal(await cached.count(), 16);
    const lostPartitions = [...holder].filter(([, e]) => e === 'exec-a').map(([p]) => p);
    const recomputed = lostPartitions.length * 4;
    assert.equal(g.__kindlingLocalityComputeCalls, 16 + recomputed, 'only the lost partitions were recomputed');
    const third = backend!.launches.filter((l) => l.stageId === events.stagesSubmitted[0]!.stageInfo.stageId);
    assert.ok(third.every((l) => l.executorId === 'exec-b'));
  } finally {
    delete g.__kindlingLocalityComputeCalls;
    await kc.stop();
  }
});
