/**
 * The executor process's bad-input behaviour: every failure is one line on stderr
 * and a non-zero exit code, within a bounded time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./executor-main.js', import.meta.url));
let workDir: string;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kindling-executor-main-test-'));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function run(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [main, '--work-dir', workDir, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stderr, ms: Date.now() - started };
}

async function listeningPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  return lines[0]!;
}

void test('an unreachable --driver is one clear line and exit 1 once kindling.executor.registrationTimeout passes', async () => {
  const { port, close } = await listeningPort();
  await close();
  const result = await run(['--driver', `127.0.0.1:${port}`, '--conf', 'kindling.executor.registrationTimeout=1s'], 15_000);
  assert.equal(result.code, 1);
  assert.match(oneLine(result.stderr), new RegExp(`^kindling executor: Cannot reach the driver at 127\\.0\\.0\\.1:${port} within 1s .*check --driver`));
  assert.ok(result.ms < 8_000, `took ${result.ms} ms`);
});

void test('a port already in use is one clear line and exit 1', async () => {
  const busy = await listeningPort();
  try {
    const result = await run(['--driver', '127.0.0.1:1', '--host', '127.0.0.1', '--port', String(busy.port)], 15_000);
    assert.equal(result.code, 1);
    assert.match(oneLine(result.stderr), new RegExp(`^kindling executor: Cannot listen on 127\\.0\\.0\\.1:${busy.port}: the port is already in use`));
  } finally {
    await busy.close();
  }
});

void test('a malformed --driver or an unknown flag is a usage error: one line, exit 2', async () => {
  const malformed = await run(['--driver', 'localhost'], 15_000);
  assert.equal(malformed.code, 2);
  assert.match(oneLine(malformed.stderr), /^kindling executor: Invalid --driver 'localhost'; use HOST:PORT/);
  const unknown = await run(['--driver', '127.0.0.1:7077', '--bogus'], 15_000);
  assert.equal(unknown.code, 2);
  assert.match(oneLine(unknown.stderr), /^kindling executor: .*bogus/);
  const missing = await run([], 15_000);
  assert.equal(missing.code, 2);
  assert.match(oneLine(missing.stderr), /Missing --driver HOST:PORT/);
});
