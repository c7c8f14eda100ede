/**
 * A driver as a process of its own, for tests that kill it or start a second one:
 *   node driver-process.js <master> [key=value …]
 * prints `{"port":…,"appId":…,"pids":[…]}` on stdout once its executors are up, then
 * for every line `job` on stdin runs a small job and prints `{"result":…,"executors":[…]}`.
 */
import { createInterface } from 'node:readline';
import { KindlingConf } from '@kindling/common';
import { clusterContext } from './cluster-test-support.js';

const [master, ...settings] = process.argv.slice(2);
const conf = new KindlingConf(settings.map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] as const));
const { kc, backend } = await clusterContext(master ?? 'local[2]', { conf });
process.stdout.write(`${JSON.stringify({ port: backend.port, appId: kc.appId, pids: backend.localExecutorPids() })}\n`);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'job') continue;
  const result = await kc.parallelize(Array.from({ length: 100 }, (_, i) => i), 4).map((x: number) => x * 2).reduce((a: number, b: number) => a + b);
  process.stdout.write(`${JSON.stringify({ result, executors: backend.executorIds() })}\n`);
}
await kc.stop();
process.exit(0);
