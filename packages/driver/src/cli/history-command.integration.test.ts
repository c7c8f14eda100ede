/**
 * `kindling history <eventLogDir> [--port]` (issue 12, item 4) as a user runs it:
 * one line on stdout with the URL, the REST API answering from the directory's
 * event logs, a clean exit on SIGTERM; a directory that does not exist is one line
 * on stderr and exit code 2.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('./main.js', import.meta.url));

function run(args: string[]): { child: ReturnType<typeof spawn>; exit: Promise<{ code: number | null; stdout: string; stderr: string }>; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [mainJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let resolveLine: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (resolveLine = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('\n')) resolveLine(stdout.split('\n')[0]!);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, exit, firstLine };
}

void it('kindling history serves the applications of an event log directory until SIGTERM', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-history-cli-'));
  try {
    const events = [
      { type: 'ApplicationStart', appId: 'app-cli', appName: 'from-the-cli', time: 1000, user: 'u', kindlingVersion: '0.1.0', master: 'local[2]' },
      { type: 'ApplicationEnd', time: 3000 },
    ];
    await writeFile(join(dir, 'app-cli'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const { child, exit, firstLine } = run(['history', dir, '--port', '0']);
    const line = await firstLine;
    const url = /^Kindling history server for .+ at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
    assert.ok(url !== undefined, line);
    const apps = (await (await fetch(`${url}/api/v1/applications`)).json()) as Array<{ id: string; name: string; attempts: Array<{ completed: boolean }> }>;
    assert.deepEqual(apps.map((a) => [a.id, a.name, a.attempts[0]!.completed]), [['app-cli', 'from-the-cli', true]]);
    child.kill('SIGTERM');
    const { code, stderr } = await exit;
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

void it('kindling history on a directory that does not exist: one line, exit code 2', async () => {
  const { exit } = run(['history', '/no/such/kindling-events', '--port', '0']);
  const { code, stderr } = await exit;
  assert.equal(code, 2);
  assert.equal(stderr, "kindling: The event log directory /no/such/kindling-events does not exist; give the kindling.eventLog.dir of the applications to show\n");
});
