/**
 * Re-runs compiled test files in a child test runner with KINDLING_TEST_MASTER=local[2]
 * (executor processes over gRPC), and asserts that they all passed: how the result
 * tests of the engine, the streaming operators and recovery prove the same expected
 * values on a real cluster as in process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RerunOptions {
  /** More environment for the child runner (e.g. checkpoints on WebHDFS). */
  readonly env?: Readonly<Record<string, string>>;
  /** Only the tests whose names match (`--test-name-pattern`). */
  readonly namePattern?: string;
  /** Exactly this many must pass, so that a renamed test cannot drop out silently. */
  readonly expectedPasses?: number;
  readonly timeoutMs?: number;
}

/** `names` are compiled test files relative to `base` (a module's import.meta.url). */
export function testFiles(base: string, names: readonly string[]): string[] {
  return names.map((name) => fileURLToPath(new URL(`./${name}`, base)));
}

export async function rerunOnLocalCluster(files: readonly string[], options: RerunOptions = {}): Promise<void> {
  const args = ['--test', '--test-reporter=tap', ...(options.namePattern === undefined ? [] : [`--test-name-pattern=${options.namePattern}`]), ...files];
  const run = await runInOwnProcessGroup(args, { ...process.env, ...options.env, KINDLING_TEST_MASTER: 'local[2]', NODE_TEST_CONTEXT: undefined }, options.timeoutMs ?? 300_000);
  const summary = run.stdout.split('\n').filter((line) => /^# (tests|pass|fail)/.test(line));
  const timedOut = run.timedOut ? ' (timed out: the child runner and everything it started were killed)' : '';
  assert.equal(run.status, 0, `child test run failed${timedOut}:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  assert.ok(summary.some((line) => /^# fail 0$/.test(line)), summary.join('\n'));
  const passes = options.expectedPasses === undefined ? /^# pass [1-9]/ : new RegExp(`^# pass ${options.expectedPasses}$`);
  assert.ok(summary.some((line) => passes.test(line)), `tests ran: ${summary.join(', ')}`);
}

interface ChildRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/**
 * Runs node in a process group of its own and, when it ends or times out, kills the
 * whole group: the child runner starts a process per test file and those start
 * drivers, executors and WebHDFS servers; killing only the runner on a timeout left
 * them running after the suite.
 */
function runInOwnProcessGroup(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const killGroup = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // ESRCH: the group is already empty.
      }
    };
    // The outer runner may end this process first (its own timeout): take the group along.
    process.once('exit', killGroup);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      process.removeListener('exit', killGroup);
      reject(error);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      process.removeListener('exit', killGroup);
      killGroup();
      resolve({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), timedOut });
    });
  });
}
