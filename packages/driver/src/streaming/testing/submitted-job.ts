/**
 * A job project in a temporary directory, and real `kindling submit` processes of it:
 * what the tests that kill, stop or upgrade a streaming driver (graceful shutdown,
 * the receiver WAL's driver kill, shared variables across recovery and upgrade) all
 * need. A project is a package.json with `"type": "module"` and the job's TypeScript
 * files; each submit bundles the job into the project's own bundle cache, so tests
 * running beside each other never share one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { closeAllFileSystems } from '@kindling/common';
import { nodeChildPids } from '../../drill/process-tree.js';

const mainJs = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

export interface SubmittedDriver {
  readonly child: ChildProcess;
  /** The exit code (null after a signal), once the process has exited and its output has been read to the end. */
  readonly exited: Promise<number | null>;
  /** What the driver wrote so far: stderr (its log lines), and stdout when the submit asked for it. */
  output(): string;
}

export interface SubmitOptions {
  /** KINDLING_LOG_LEVEL of the driver and of its local executors, which inherit it ('info' for tests that read log lines). */
  readonly logLevel?: string;
  /** More environment variables, for the job's code on the driver and the executors. */
  readonly env?: Readonly<Record<string, string>>;
  /** Also read stdout (the upgrade report, `print()`); ignored by default. */
  readonly stdout?: boolean;
}

export class JobProject {
  private constructor(readonly dir: string) {}

  /** A new project under the OS temp directory, with `files` (name → source) written in it. */
  static async create(name: string, files: Readonly<Record<string, string>> = {}): Promise<JobProject> {
    const project = new JobProject(await mkdtemp(join(tmpdir(), `kindling-${name}-`)));
    await project.writeFile('package.json', JSON.stringify({ name, version: '1.0.0', type: 'module' }));
    for (const [file, source] of Object.entries(files)) await project.writeFile(file, source);
    return project;
  }

  /** Writes (or replaces: the next version of a job) a file of the project. */
  async writeFile(file: string, text: string): Promise<void> {
    await writeFile(join(this.dir, file), text);
  }

  /** `kindling submit <args…>` run in the project's directory; args name the job file and its arguments. */
  submit(args: readonly string[], options: SubmitOptions = {}): SubmittedDriver {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, KINDLING_BUNDLE_CACHE: join(this.dir, '.bundles') };
    if (options.logLevel !== undefined) env['KINDLING_LOG_LEVEL'] = options.logLevel;
    // A driver started from a test file must not think it runs under node's test runner.
    delete env['NODE_TEST_CONTEXT'];
    const child = spawn(process.execPath, [mainJs, 'submit', ...args], {
      cwd: this.dir,
      env,
      stdio: ['ignore', options.stdout === true ? 'pipe' : 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * The job project of a test file: created before its tests, removed after them, when
 * the file systems its tests opened are closed too. Returns the project's getter.
 */
export function jobProjectOfTestFile(name: string, files: Readonly<Record<string, string>> = {}): () => JobProject {
  let project: JobProject | undefined;
  before(async () => {
    project = await JobProject.create(name, files);
  });
  after(async () => {
    await closeAllFileSystems();
    await project?.remove();
  });
  return () => {
    if (project === undefined) throw new Error(`the job project ${name} is created by a before() hook: use it inside tests`);
    return project;
  };
}

/**
 * Waits for the driver to exit (after `signal`, when given), SIGKILLing it after
 * `timeoutMs`; then SIGKILLs the executors it had started, which a killed driver
 * cannot stop (they also exit by themselves once its pipe closes). Resolves with the
 * driver's exit code.
 */
export async function endDriver(driver: SubmittedDriver, signal?: NodeJS.Signals, timeoutMs = 120_000): Promise<number | null> {
  const executors = driver.child.pid === undefined ? [] : nodeChildPids(driver.child.pid);
  if (signal !== undefined && driver.child.exitCode === null && driver.child.signalCode === null) driver.child.kill(signal);
  const timer = setTimeout(() => driver.child.kill('SIGKILL'), timeoutMs);
  const code = await driver.exited;
  clearTimeout(timer);
  for (const pid of executors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: local executors exit with their driver
    }
  }
  return code;
}

/**
 * A driver's output for a failure message: its start (where a restarted driver logs
 * what it recovered) and its end (what it did last), each up to 3000 characters.
 */
function headAndTail(output: string): string {
  return output.length <= 6000 ? output : `${output.slice(0, 3000)}\n…\n${output.slice(-3000)}`;
}

/**
 * Polls `probe` until it gives a value other than undefined or false; fails with the
 * start and end of the driver's output when the driver exits first or `timeoutMs` passes.
 */
export async function untilDriver<T>(
  what: string,
  driver: SubmittedDriver,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 120_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    const { exitCode, signalCode } = driver.child;
    if (exitCode !== null || signalCode !== null) throw new Error(`the driver exited (${exitCode ?? signalCode}) before ${what}:\n${headAndTail(driver.output())}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${headAndTail(driver.output())}`);
    await sleep(intervalMs);
  }
}
