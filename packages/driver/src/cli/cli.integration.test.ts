/**
 * The `kindling` executable as users run it: a child process, in a project directory
 * outside the repository, checked by exit code and by what reaches stdout/stderr.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { kindlingVersion } from '../bundle/index.js';

const mainJs = fileURLToPath(new URL('./main.js', import.meta.url));
let project: string;

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'tmp-cli-job', version: '1.0.0', type: 'module' }),
  'job.ts': [
    "import { capture, type KindlingContext } from '@kindling/driver';",
    'export function splitWords(line: string): string[] { return line.split(/\\s+/).filter((w) => w !== ""); }',
    'export default async function main(kc: KindlingContext, args: string[]): Promise<void> {',
    "  const min = Number(args[args.indexOf('--min') + 1]);",
    "  const counts = await kc.parallelize(['a b c a', 'b a d'], 2)",
    '    .flatMap(splitWords)',
    '    .map((w): [string, number] => [w, 1])',
    '    .reduceByKey((a, b) => a + b)',
    '    .filter(capture({ min }, ({ min }) => ([, n]: [string, number]) => n >= min))',
    '    .collect();',
    '  console.log(JSON.stringify(counts.sort()));',
    '}',
  ].join('\n'),
  'closure.ts': [
    "import type { KindlingContext } from '@kindling/driver';",
    'export default async function main(kc: KindlingContext): Promise<void> {',
    '  const threshold = 2;',
    '  await kc.parallelize([1, 2, 3]).filter((x) => x > threshold).collect();',
    '}',
  ].join('\n'),
  'not-a-function.mjs': 'export default 42;\n',
  'throws.ts': "export default async function main(): Promise<void> { throw new Error('the job gave up'); }\n",
  // Dies (as if killed) on its first run, leaving a marker; succeeds on the next.
  'flaky.ts': [
    "import { existsSync, writeFileSync } from 'node:fs';",
    'export default async function main(): Promise<void> {',
    "  if (!existsSync('ran-once')) { writeFileSync('ran-once', ''); process.kill(process.pid, 'SIGKILL'); }",
    "  console.log('recovered');",
    '}',
  ].join('\n'),
};

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function kindling(...args: string[]): Promise<Result> {
  return kindlingWithEnv({}, ...args);
}

function kindlingWithEnv(extraEnv: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
  // On-the-fly bundles go to the test's own directory, removed with it.
  const env: NodeJS.ProcessEnv = { ...process.env, KINDLING_BUNDLE_CACHE: join(project, '.bundles'), ...extraEnv };
  delete env['NODE_TEST_CONTEXT'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs, ...args], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function assertOneLine(result: Result, code: number, line: string | RegExp): void {
  assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`);
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one stderr line, got: ${result.stderr}`);
  if (typeof line === 'string') assert.equal(lines[0], line);
  else assert.match(lines[0]!, line);
}

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'kindling-cli-test-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(project, name), text);
});
after(() => rm(project, { recursive: true, force: true }));

void describe('kindling submit', () => {
  void it('runs a job module from outside the repository, passing it the arguments after the entry', async () => {
    const result = await kindling('submit', '--master', 'local-inprocess', 'job.ts', '--min', '2');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '[["a",3],["b",2]]\n');
    assert.equal(result.stderr, '');
  });

  void it('exits 2 with one line for an unknown flag', async () => {
    assertOneLine(await kindling('submit', '--bogus', 'job.ts'), 2, "kindling: unknown option '--bogus'");
  });

  void it('exits 2 with one line for a malformed --master', async () => {
    assertOneLine(await kindling('submit', '--master', 'local[x]', 'job.ts'), 2, /^kindling: Invalid master URL 'local\[x\]'; use one of local-inprocess, /);
  });

  void it('exits 2 with one line for a malformed --conf', async () => {
    assertOneLine(await kindling('submit', '--conf', 'kindling.x', 'job.ts'), 2, /^kindling: --conf expects key=value .*got 'kindling\.x'$/);
  });

  void it('exits 2 with one line for a bad configuration value, before the job is bundled or any executor starts', async () => {
    // Logging at info: had the job been bundled or an executor spawned, their lines would show.
    const result = await kindlingWithEnv({ KINDLING_LOG_LEVEL: 'info' }, 'submit', '--master', 'local[2]', '--conf', 'kindling.serializer=xml', 'job.ts', '--min', '2');
    assertOneLine(result, 2, 'kindling: Invalid configuration kindling.serializer=xml: expected one of v8, msgpack');
    assert.equal(result.stdout, '');
    // Each type's message is unit-tested (driver-conf-entries.test.ts); two more through the CLI.
    for (const [conf, accepted] of [
      ['kindling.task.maxFailures=0', 'a whole number >= 1'],
      ['kindling.network.timeout=soon', 'a duration such as 500ms, 10s, 2m or 1h'],
    ] as const) {
      assertOneLine(await kindling('submit', '--master', 'local[2]', '--conf', conf, 'job.ts'), 2, `kindling: Invalid configuration ${conf}: expected ${accepted}`);
    }
  });

  void it('warns once about an unknown kindling.* key, naming the closest known key, and runs the job', async () => {
    const result = await kindling('submit', '--master', 'local-inprocess', '--conf', 'kindling.task.maxFailure=8', 'job.ts', '--min', '2');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '[["a",3],["b",2]]\n');
    assert.equal(result.stderr, 'kindling: warning: unknown configuration key kindling.task.maxFailure is ignored; did you mean kindling.task.maxFailures?\n');
  });

  void it('exits 2 with one line when given a directory that is not a bundle, or a file that is not a module', async () => {
    await mkdir(join(project, 'not-a-bundle'), { recursive: true });
    assertOneLine(await kindling('submit', '--master', 'local-inprocess', 'not-a-bundle'), 2, /^kindling: not-a-bundle is a directory without a manifest\.json, not a job bundle; give a bundle directory/);
    await writeFile(join(project, 'notes.txt'), 'not a module\n');
    assertOneLine(await kindling('submit', '--master', 'local-inprocess', 'notes.txt'), 2, 'kindling: Entry file notes.txt must be a module ending in .ts, .mts, .js, .mjs');
  });

  void it('exits 2 with one line when the entry file does not exist', async () => {
    assertOneLine(await kindling('submit', '--master', 'local-inprocess', './nope.ts'), 2, 'kindling: Entry file ./nope.ts does not exist');
  });

  void it('exits 1 with one line when the default export is not a function', async () => {
    assertOneLine(
      await kindling('submit', '--master', 'local-inprocess', 'not-a-function.mjs'),
      1,
      "kindling: The job bundle's default export must be a function (kc, args) => Promise<void>; got number",
    );
  });

  void it('adds the stack trace only with --verbose', async () => {
    const result = await kindling('submit', '--verbose', '--master', 'local-inprocess', 'not-a-function.mjs');
    assert.equal(result.code, 1);
    const lines = result.stderr.split('\n');
    assert.equal(lines[0], "kindling: The job bundle's default export must be a function (kc, args) => Promise<void>; got number");
    assert.ok(lines.some((l) => /^\s+at /.test(l)), result.stderr);
  });

  void it('exits 1 with the ClosureError line when a lambda has a free variable', async () => {
    assertOneLine(await kindling('submit', '--master', 'local-inprocess', 'closure.ts'), 1, /^kindling: filter: the function refers to 'threshold', /);
  });

  void it("exits 1 with the job's own error message when main throws", async () => {
    assertOneLine(await kindling('submit', '--master', 'local-inprocess', 'throws.ts'), 1, 'kindling: the job gave up');
  });
});

void describe('the word-count example', () => {
  void it('prints the same top words as a plain JavaScript count of its input', async () => {
    const example = fileURLToPath(new URL('../../../../examples/word-count/', import.meta.url));
    const input = join(example, 'input.txt');
    const result = await kindling('submit', '--master', 'local-inprocess', join(example, 'word-count.ts'), input, '8');
    assert.equal(result.code, 0, result.stderr);

    const counts = new Map<string, number>();
    for (const [word] of (await readFile(input, 'utf8')).toLowerCase().matchAll(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu)) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const expected = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 8)
      .map(([word, count]) => `${String(count).padStart(7)}  ${word}`);
    assert.deepEqual(result.stdout.split('\n').filter((l) => l !== ''), expected);
  });
});

void describe('kindling submit --supervise', () => {
  void it('restarts a driver that was killed, and exits 0 once it succeeds', async () => {
    // healthyAfter is raised so that a slow machine never counts the first run as healthy (restarted at once).
    const result = await kindling('submit', '--supervise', '--conf', 'kindling.driver.supervise.healthyAfter=10m', '--master', 'local-inprocess', 'flaky.ts');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'recovered\n');
    assert.match(result.stderr, /^kindling: the driver was killed by SIGKILL; restarting it in 1s \(restart 1 of 10\)\n$/);
  });

  void it('gives up after kindling.driver.supervise.maxRestarts', async () => {
    const result = await kindling('submit', '--supervise', '--conf', 'kindling.driver.supervise.maxRestarts=1', '--conf', 'kindling.driver.supervise.healthyAfter=10m', '--master', 'local-inprocess', 'throws.ts');
    assert.equal(result.code, 1);
    assert.deepEqual(result.stderr.split('\n').filter((l) => l !== ''), [
      'kindling: the job gave up',
      'kindling: the driver exited with code 1; restarting it in 1s (restart 1 of 1)',
      'kindling: the job gave up',
      'kindling: the supervised driver failed 2 times; giving up (kindling.driver.supervise.maxRestarts=1)',
    ]);
  });
});

void describe('kindling package', () => {
  void it('writes a bundle directory that submit runs', async () => {
    const packaged = await kindling('package', 'job.ts', '-o', 'out');
    assert.equal(packaged.code, 0, packaged.stderr);
    assert.match(packaged.stdout, new RegExp(`^Packaged tmp-cli-job 1\\.0\\.0 \\(sha256 [0-9a-f]{12}…\\) into ${join(project, 'out')}\\n$`));
    const result = await kindling('submit', '--master', 'local-inprocess', 'out', '--min', '3');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '[["a",3]]\n');
  });
});

void describe('kindling', () => {
  void it('prints its version and help with exit code 0', async () => {
    const version = await kindling('--version');
    assert.deepEqual([version.code, version.stdout], [0, `${kindlingVersion()}\n`]);
    const help = await kindling('submit', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--master <url>/);
  });

  void it('exits 2 with one line for an unknown command', async () => {
    assertOneLine(await kindling('frobnicate'), 2, "kindling: unknown command 'frobnicate'");
  });
});
