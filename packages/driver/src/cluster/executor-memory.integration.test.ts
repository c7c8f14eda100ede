/**
 * --executor-memory means something: `kindling submit --master local[2]
 * --executor-memory 64m` runs a groupByKey over about three times that much data,
 * generated on the executors, and completes because the shuffle spills; the
 * executors' info-level logs show their heap limit and the spills.
 *
 * It runs the real CLI in a child process (as cli.integration.test.ts does) so that
 * the executors' stderr, which local[N] children share with their driver, can be read.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

const mainJs = fileURLToPath(new URL('../cli/main.js', import.meta.url));
let project: string;

// 16 map partitions × 130,000 records of a 100-character string: 2.08M records,
// 208 MB of values (3.1 × 64 MiB), ~230 MB as serialized shuffle data, ~380 MB as
// JavaScript objects.
const PARTITIONS = 16;
const PER_PARTITION = 130_000;
const KEYS = 1_000;

const job = [
  "import type { KindlingContext } from '@kindling/driver';",
  '// A generator: each map task makes its records one at a time, on the executor.',
  'export function* generate(part: number): Generator<[number, string]> {',
  `  for (let i = 0; i < ${PER_PARTITION}; i++) {`,
  `    const n = part * ${PER_PARTITION} + i;`,
  `    yield [n % ${KEYS}, String(n).padStart(12, '0') + 'x'.repeat(88)];`,
  '  }',
  '}',
  'export default async function main(kc: KindlingContext): Promise<void> {',
  `  const parts = Array.from({ length: ${PARTITIONS} }, (_, i) => i);`,
  `  const groups = await kc.parallelize(parts, ${PARTITIONS})`,
  '    .flatMap(generate)',
  '    .groupByKey(2)',
  '    .mapValues((values: string[]) => [values.length, values.reduce((n, v) => n + v.length, 0)] as [number, number])',
  '    .collect();',
  '  const counts = groups.map(([, [n]]) => n);',
  '  const bytes = groups.reduce((sum, [, [, b]]) => sum + b, 0);',
  '  console.log(JSON.stringify({ keys: groups.length, records: counts.reduce((a, b) => a + b, 0), min: Math.min(...counts), max: Math.max(...counts), bytes }));',
  '}',
].join('\n');

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'kindling-memory-test-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'tmp-memory-job', version: '1.0.0', type: 'module' }));
  await writeFile(join(project, 'job.ts'), job);
});
after(() => rm(project, { recursive: true, force: true }));

function submit(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KINDLING_BUNDLE_CACHE: join(project, '.bundles'), KINDLING_LOG_LEVEL: 'info' };
  delete env['NODE_TEST_CONTEXT'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs, 'submit', ...args], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly executorId?: string;
  readonly heapLimit?: number;
  readonly spillBytes?: number;
}

function logLines(stderr: string): LogLine[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

void test('a groupByKey over three times --executor-memory 64m completes on local[2], spilling, with the spills logged at info', { timeout: 300_000 }, async () => {
  const result = await submit('--master', 'local[2]', '--executor-memory', '64m', '--conf', 'kindling.ui.showConsoleProgress=false', 'job.ts');
  const lines = logLines(result.stderr);
  assert.equal(result.code, 0, `the job failed:\n${lines.filter((l) => l.level >= 40).map((l) => l.msg).join('\n') || result.stderr.slice(-3000)}`);
  const summary = JSON.parse(result.stdout.trim().split('\n').pop()!) as { keys: number; records: number; min: number; max: number; bytes: number };
  const records = PARTITIONS * PER_PARTITION;
  assert.deepEqual(summary, { keys: KEYS, records, min: records / KEYS, max: records / KEYS, bytes: records * 100 });
  assert.ok(summary.bytes > 3 * 64 * 1024 * 1024, 'the values alone are over three times the executor memory');

  // The heap: each executor process ran with --max-old-space-size=96 (64m and the
  // 32 MiB overhead; V8 adds its young generation to the limit it reports).
  const memoryLines = lines.filter((l) => l.msg.startsWith('executor memory 64 MiB'));
  assert.equal(memoryLines.length, 2, 'both executors report their memory');
  for (const line of memoryLines) assert.ok(line.heapLimit! <= 160 * 1024 * 1024, `heap limit ${line.heapLimit}`);

  // The spills, at info level (30), on the reduce side (the maps of groupByKey) and on the map side.
  const spills = lines.filter((l) => l.msg.startsWith('spilling'));
  assert.ok(spills.every((l) => l.level === 30));
  const reduceSpills = spills.filter((l) => l.msg.includes('in-memory map'));
  const mapSpills = spills.filter((l) => l.msg.includes('map output buffers'));
  assert.ok(reduceSpills.length >= 2, `${reduceSpills.length} reduce-side spills`);
  assert.ok(mapSpills.length >= 1, `${mapSpills.length} map-side spills`);
  const spilled = reduceSpills.reduce((n, l) => n + l.spillBytes!, 0);
  assert.ok(spilled > 64 * 1024 * 1024, `the reducers spilled ${spilled} bytes`);
});
