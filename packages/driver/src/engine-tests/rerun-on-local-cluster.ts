/**
 * Re-runs compiled test files in a child test runner with KINDLING_TEST_MASTER=local[2]
 * (executor processes over gRPC), and asserts that they all passed: how the result
 * tests of the engine, the streaming operators and recovery prove the same expected
 * values on a real cluster as in process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

export function rerunOnLocalCluster(files: readonly string[], options: RerunOptions = {}): void {
  const args = ['--test', '--test-reporter=tap', ...(options.namePattern === undefined ? [] : [`--test-name-pattern=${options.namePattern}`]), ...files];
  const run = spawnSync(process.execPath, args, {
    env: { ...process.env, ...options.env, KINDLING_TEST_MASTER: 'local[2]', NODE_TEST_CONTEXT: undefined },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
  });
  const summary = run.stdout.split('\n').filter((line) => /^# (tests|pass|fail)/.test(line));
  assert.equal(run.status, 0, `child test run failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  assert.ok(summary.some((line) => /^# fail 0$/.test(line)), summary.join('\n'));
  const passes = options.expectedPasses === undefined ? /^# pass [1-9]/ : new RegExp(`^# pass ${options.expectedPasses}$`);
  assert.ok(summary.some((line) => passes.test(line)), `tests ran: ${summary.join(', ')}`);
}
