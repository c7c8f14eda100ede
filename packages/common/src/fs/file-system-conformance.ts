/**
 * The one conformance suite of the FileSystem contract, run against every backend
 * (LocalFileSystem, WebHdfsFileSystem + the embedded server, and a real Hadoop when
 * KINDLING_TEST_WEBHDFS is set), so that what passes on one passes on the others.
 *
 * It registers its tests through the runner functions it is given (node:test's
 * describe/it/before/after), which keeps node:test out of the library's imports.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ErrorCode, FileAlreadyExistsError, FileNotFoundError, KindlingError } from '../errors/index.js';
import { atomicTempPath, commitTaskAttempt, readNewestValid, writeAtomically } from './commit-helpers.js';
import type { FileSystem } from './file-system.js';
import { Path } from './fs-path.js';
import { readAll } from './fs-streams.js';

export interface ConformanceSetup {
  readonly fs: FileSystem;
  /** URI of a directory the suite may fill; each test works in its own subdirectory. */
  readonly root: string;
  /** Releases what the setup started (servers, temp dirs). */
  readonly teardown: () => Promise<void>;
}

type Body = () => void | Promise<void>;
type Register = (name: string, options: { skip?: string | boolean; timeout?: number }, fn: Body) => unknown;

/** The subset of node:test the suite needs. */
export interface ConformanceRunner {
  readonly describe: Register;
  readonly it: Register;
  readonly before: (fn: Body) => unknown;
  readonly after: (fn: Body) => unknown;
}

interface CaseContext {
  readonly fs: FileSystem;
  /** An empty directory of this case. */
  readonly dir: string;
}

type Case = readonly [name: string, run: (ctx: CaseContext) => Promise<void>];

/**
 * Registers the suite as `describe(name)`. `skip` (a reason) registers it skipped, so
 * the reason shows in the test report.
 */
export function runFileSystemConformance(
  name: string,
  setup: () => Promise<ConformanceSetup>,
  runner: ConformanceRunner,
  options: { readonly skip?: string } = {},
): void {
  runner.describe(`FileSystem conformance: ${name}`, options.skip === undefined ? {} : { skip: options.skip }, () => {
    let env: ConformanceSetup | undefined;
    runner.before(async () => {
      env = await setup();
    });
    runner.after(async () => {
      await env?.teardown();
    });
    conformanceCases.forEach(([caseName, run], index) => {
      runner.it(caseName, { timeout: 30_000 }, async () => {
        assert.ok(env !== undefined, 'setup did not run');
        const dir = Path.join(env.root, `case-${index}`);
        await env.fs.mkdirs(dir);
        await run({ fs: env.fs, dir });
      });
    });
  });
}

const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');

async function readText(fs: FileSystem, path: string): Promise<string> {
  return (await fs.readFile(path)).toString('utf8');
}

function assertCode(error: unknown, code: string): true {
  assert.ok(error instanceof KindlingError, `expected a KindlingError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return true;
}

/** A typed error whose one-line message names the path. */
function namesPath(type: abstract new (...args: never[]) => Error, path: string): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.ok(error.message.includes(Path.name(path)), `message should name ${path}: ${error.message}`);
    assert.ok(!error.message.includes('\n'), `message should be one line: ${error.message}`);
    return true;
  };
}

function deterministicBytes(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export const conformanceCases: readonly Case[] = [
  ['create + close makes a file whose status and bytes read back', async ({ fs, dir }) => {
    const path = Path.join(dir, 'a.txt');
    await fs.writeFile(path, text('hello'));
    const status = await fs.stat(path);
    assert.equal(status.type, 'FILE');
    assert.equal(status.length, 5);
    assert.equal(status.name, 'a.txt');
    assert.equal(Path.normalize(status.path), Path.normalize(path));
    assert.equal(status.permission, '644');
    assert.ok(status.modificationTime > Date.now() - 3_600_000 && status.modificationTime <= Date.now() + 60_000);
    assert.ok(status.owner.length > 0);
    assert.equal(await readText(fs, path), 'hello');
    assert.equal(await fs.exists(path), true);
  }],
  ['an empty file has length 0 and reads as empty', async ({ fs, dir }) => {
    const path = Path.join(dir, 'empty');
    await fs.writeFile(path, new Uint8Array(0));
    assert.equal((await fs.stat(path)).length, 0);
    assert.equal((await fs.readFile(path)).length, 0);
    assert.equal((await readAll(await fs.open(path, { offset: 0 }))).length, 0);
  }],
  ['create with overwrite=false fails on an existing file and leaves it intact', async ({ fs, dir }) => {
    const path = Path.join(dir, 'keep');
    await fs.writeFile(path, text('old'));
    await assert.rejects(fs.writeFile(path, text('new'), { overwrite: false }), namesPath(FileAlreadyExistsError, path));
    assert.equal(await readText(fs, path), 'old');
  }],
  ['create with overwrite=true replaces an existing file', async ({ fs, dir }) => {
    const path = Path.join(dir, 'replace');
    await fs.writeFile(path, text('old old old'));
    await fs.writeFile(path, text('new'), { overwrite: true });
    assert.equal(await readText(fs, path), 'new');
  }],
  ['create makes missing parent directories', async ({ fs, dir }) => {
    const path = Path.join(dir, 'x', 'y', 'z.bin');
    await fs.writeFile(path, text('z'));
    assert.equal((await fs.stat(Path.join(dir, 'x', 'y'))).type, 'DIRECTORY');
  }],
  ['create on an existing directory fails with FileAlreadyExistsError', async ({ fs, dir }) => {
    const path = Path.join(dir, 'd');
    await fs.mkdirs(path);
    await assert.rejects(fs.writeFile(path, text('x')), (e) => e instanceof FileAlreadyExistsError);
  }],
  ['a streamed write of many chunks reads back byte for byte, whole and by ranges', async ({ fs, dir }) => {
    const path = Path.join(dir, 'stream.bin');
    const data = deterministicBytes(3 * 1024 * 1024 + 17, 7);
    const out = await fs.create(path);
    for (let i = 0; i < data.length; i += 100_000) await out.write(data.subarray(i, i + 100_000));
    assert.equal(out.bytesWritten, data.length);
    await out.close();
    assert.equal((await fs.stat(path)).length, data.length);
    assert.equal(sha(await readAll(await fs.open(path))), sha(data));
    for (const [offset, length] of [[0, 1], [1_000_003, 65_536], [data.length - 10, 10], [data.length - 10, 1_000], [2_000_000, undefined]] as const) {
      const part = await readAll(await fs.open(path, length === undefined ? { offset } : { offset, length }));
      assert.equal(sha(part), sha(data.subarray(offset, length === undefined ? undefined : offset + length)), `range ${offset}+${String(length)}`);
    }
  }],
  ['writeFile accepts an async iterable of chunks', async ({ fs, dir }) => {
    const path = Path.join(dir, 'gen.txt');
    async function* lines(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 100; i++) yield text(`line ${i}\n`);
    }
    await fs.writeFile(path, lines());
    const content = await readText(fs, path);
    assert.equal(content.split('\n').length, 101);
    assert.ok(content.endsWith('line 99\n'));
  }],
  ['open at an offset at or past the end of a non-empty file fails naming the range', async ({ fs, dir }) => {
    const path = Path.join(dir, 'five');
    await fs.writeFile(path, text('12345'));
    await assert.rejects(fs.open(path, { offset: 5 }), (e: unknown) => {
      assert.ok(e instanceof KindlingError);
      assert.match(e.message, /out of the range/);
      return true;
    });
  }],
  ['missing paths: open, readFile, stat and list fail with FileNotFoundError; exists is false', async ({ fs, dir }) => {
    const path = Path.join(dir, 'nope');
    await assert.rejects(fs.open(path), namesPath(FileNotFoundError, path));
    await assert.rejects(fs.readFile(path), namesPath(FileNotFoundError, path));
    await assert.rejects(fs.stat(path), namesPath(FileNotFoundError, path));
    await assert.rejects(fs.list(path), namesPath(FileNotFoundError, path));
    await assert.rejects(fs.append(path), namesPath(FileNotFoundError, path));
    assert.equal(await fs.exists(path), false);
  }],
  ['opening a directory fails with FileNotFoundError', async ({ fs, dir }) => {
    await assert.rejects(fs.readFile(dir), (e) => e instanceof FileNotFoundError);
  }],
  ['mkdirs creates nested directories, is idempotent, and refuses a path that is a file', async ({ fs, dir }) => {
    const nested = Path.join(dir, 'p', 'q', 'r');
    await fs.mkdirs(nested);
    await fs.mkdirs(nested);
    const status = await fs.stat(nested);
    assert.equal(status.type, 'DIRECTORY');
    assert.equal(status.length, 0);
    assert.equal(status.permission, '755');
    const file = Path.join(dir, 'f');
    await fs.writeFile(file, text('f'));
    await assert.rejects(fs.mkdirs(file), (e) => e instanceof FileAlreadyExistsError);
  }],
  ['list returns the entries sorted by name with their types; a file lists as itself', async ({ fs, dir }) => {
    await fs.writeFile(Path.join(dir, 'b'), text('bb'));
    await fs.writeFile(Path.join(dir, 'a'), text('a'));
    await fs.mkdirs(Path.join(dir, 'c'));
    const entries = await fs.list(dir);
    assert.deepEqual(entries.map((e) => [e.name, e.type, e.length]), [['a', 'FILE', 1], ['b', 'FILE', 2], ['c', 'DIRECTORY', 0]]);
    assert.equal(Path.normalize(entries[0]?.path ?? ''), Path.normalize(Path.join(dir, 'a')));
    const self = await fs.list(Path.join(dir, 'b'));
    assert.deepEqual(self.map((e) => [e.name, e.length]), [['b', 2]]);
  }],
  ['delete: a file (true), a missing path (false), a non-empty directory only when recursive', async ({ fs, dir }) => {
    const file = Path.join(dir, 'f');
    await fs.writeFile(file, text('x'));
    assert.equal(await fs.delete(file), true);
    assert.equal(await fs.exists(file), false);
    assert.equal(await fs.delete(file), false);
    const tree = Path.join(dir, 'tree');
    await fs.writeFile(Path.join(tree, 'leaf'), text('x'));
    await assert.rejects(fs.delete(tree), (e: unknown) => {
      assert.ok(e instanceof KindlingError);
      assert.match(e.message, /non.?empty|not empty/i);
      return true;
    });
    assert.equal(await fs.exists(Path.join(tree, 'leaf')), true);
    assert.equal(await fs.delete(tree, { recursive: true }), true);
    assert.equal(await fs.exists(tree), false);
    const emptyDir = Path.join(dir, 'empty');
    await fs.mkdirs(emptyDir);
    assert.equal(await fs.delete(emptyDir), true);
  }],
  ['rename moves a file and answers false for a missing source, an existing destination, a missing parent, or a destination under the source', async ({ fs, dir }) => {
    const a = Path.join(dir, 'a');
    const b = Path.join(dir, 'b');
    await fs.writeFile(a, text('A'));
    assert.equal(await fs.rename(a, b), true);
    assert.equal(await fs.exists(a), false);
    assert.equal(await readText(fs, b), 'A');
    assert.equal(await fs.rename(a, Path.join(dir, 'c')), false);
    await fs.writeFile(a, text('A2'));
    assert.equal(await fs.rename(a, b), false);
    assert.equal(await readText(fs, a), 'A2');
    assert.equal(await readText(fs, b), 'A');
    assert.equal(await fs.rename(a, Path.join(dir, 'missing', 'x')), false);
    const d = Path.join(dir, 'd');
    await fs.mkdirs(Path.join(d, 'inner'));
    assert.equal(await fs.rename(d, Path.join(d, 'inner', 'moved')), false);
    assert.equal(await fs.exists(d), true);
  }],
  ['rename into an existing directory moves the source inside it; directories rename too', async ({ fs, dir }) => {
    const file = Path.join(dir, 'f');
    const target = Path.join(dir, 'target');
    await fs.writeFile(file, text('F'));
    await fs.mkdirs(target);
    assert.equal(await fs.rename(file, target), true);
    assert.equal(await readText(fs, Path.join(target, 'f')), 'F');
    assert.equal(await fs.rename(target, Path.join(dir, 'renamed')), true);
    assert.equal(await readText(fs, Path.join(dir, 'renamed', 'f')), 'F');
  }],
  ['renameOverwrite replaces an existing file and fails typed on a missing source or parent', async ({ fs, dir }) => {
    const src = Path.join(dir, 'src');
    const dst = Path.join(dir, 'dst');
    await fs.writeFile(src, text('new'));
    await fs.writeFile(dst, text('old'));
    await fs.renameOverwrite(src, dst);
    assert.equal(await readText(fs, dst), 'new');
    assert.equal(await fs.exists(src), false);
    await assert.rejects(fs.renameOverwrite(src, dst), (e) => e instanceof FileNotFoundError);
    await fs.writeFile(src, text('again'));
    await assert.rejects(fs.renameOverwrite(src, Path.join(dir, 'missing', 'dst')), (e) => e instanceof FileNotFoundError);
    await fs.renameOverwrite(src, Path.join(dir, 'fresh'));
    assert.equal(await readText(fs, Path.join(dir, 'fresh')), 'again');
  }],
  ['append adds bytes at the end of a file', async ({ fs, dir }) => {
    const path = Path.join(dir, 'log');
    await fs.writeFile(path, text('one,'));
    const out = await fs.append(path);
    await out.write(text('two,'));
    await out.write(text('three'));
    await out.close();
    assert.equal(await readText(fs, path), 'one,two,three');
  }],
  ['contentSummary counts files, directories and bytes under a path', async ({ fs, dir }) => {
    await fs.writeFile(Path.join(dir, 's', 'a'), text('12345'));
    await fs.writeFile(Path.join(dir, 's', 't', 'b'), text('123'));
    await fs.mkdirs(Path.join(dir, 's', 'u'));
    const summary = await fs.contentSummary(Path.join(dir, 's'));
    assert.deepEqual([summary.length, summary.fileCount, summary.directoryCount], [8, 2, 3]);
    assert.equal(summary.spaceConsumed % 8, 0);
    const file = await fs.contentSummary(Path.join(dir, 's', 'a'));
    assert.deepEqual([file.length, file.fileCount, file.directoryCount], [5, 1, 0]);
  }],
  ['names with spaces, non-ASCII and URL metacharacters round-trip', async ({ fs, dir }) => {
    const name = 'grüße 日本 %41 #?&=+;.bin';
    const path = Path.join(dir, 'sub dir é', name);
    await fs.writeFile(path, text('ü'));
    assert.equal(await readText(fs, path), 'ü');
    const entries = await fs.list(Path.join(dir, 'sub dir é'));
    assert.deepEqual(entries.map((e) => e.name), [name]);
    assert.equal(Path.name(entries[0]?.path ?? ''), name);
    assert.equal(await fs.rename(path, Path.join(dir, `${name}.2`)), true);
    assert.equal(await readText(fs, Path.join(dir, `${name}.2`)), 'ü');
  }],
  ['of concurrent creators with overwrite=false exactly one wins', async ({ fs, dir }) => {
    const path = Path.join(dir, 'race');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => fs.writeFile(path, deterministicBytes(200_000, i + 1), { overwrite: false })),
    );
    const winners = results.filter((r) => r.status === 'fulfilled');
    assert.equal(winners.length, 1, `winners: ${winners.length}`);
    for (const r of results) if (r.status === 'rejected') assertCode(r.reason, ErrorCode.AlreadyExists);
    assert.equal((await fs.stat(path)).length, 200_000);
  }],
  ['an aborted write refuses further writes', async ({ fs, dir }) => {
    const out = await fs.create(Path.join(dir, 'aborted'));
    await out.write(text('partial'));
    await out.abort(new Error('producer failed'));
    await assert.rejects(out.write(text('more')), KindlingError);
  }],
  ['writeAtomically replaces a file and leaves no temp file', async ({ fs, dir }) => {
    const path = Path.join(dir, 'checkpoint-1000');
    await writeAtomically(fs, path, text('first'));
    await writeAtomically(fs, path, text('second'));
    assert.equal(await readText(fs, path), 'second');
    assert.deepEqual((await fs.list(dir)).map((e) => e.name), ['checkpoint-1000']);
    assert.match(Path.name(atomicTempPath(path)), /^\.checkpoint-1000\.tmp-[0-9a-f-]{36}$/);
  }],
  ['commitTaskAttempt: the first attempt commits, a later one loses the race and its temp file goes', async ({ fs, dir }) => {
    const final = Path.join(dir, 'part-00000');
    const t1 = Path.join(dir, '.part-00000-attempt-1');
    const t2 = Path.join(dir, '.part-00000-attempt-2');
    await fs.writeFile(t1, text('from attempt 1'));
    await fs.writeFile(t2, text('from attempt 2'));
    assert.equal(await commitTaskAttempt(fs, t1, final), 'committed');
    assert.equal(await commitTaskAttempt(fs, t2, final), 'lost-race');
    assert.equal(await readText(fs, final), 'from attempt 1');
    assert.deepEqual((await fs.list(dir)).map((e) => e.name), ['part-00000']);
  }],
  ['commitTaskAttempt fails with Spark\'s message when the rename fails and no final file exists', async ({ fs, dir }) => {
    const final = Path.join(dir, 'part-00001');
    await assert.rejects(commitTaskAttempt(fs, Path.join(dir, '.gone'), final, { task: 'partition 1, attempt 0' }), (e: unknown) => {
      assertCode(e, ErrorCode.Checkpoint);
      assert.match((e as Error).message, /^Checkpoint failed: failed to save output of task: partition 1, attempt 0/);
      return true;
    });
  }],
  ['readNewestValid returns the newest candidate that decodes', async ({ fs, dir }) => {
    const newest = Path.join(dir, 'checkpoint-3000');
    const older = Path.join(dir, 'checkpoint-2000');
    await fs.writeFile(newest, text('corrupt'));
    await fs.writeFile(older, text('{"time":2000}'));
    const decode = (bytes: Buffer): { time: number } => JSON.parse(bytes.toString()) as { time: number };
    const found = await readNewestValid(fs, [newest, Path.join(dir, 'checkpoint-2500'), older], decode);
    assert.equal(found?.path, older);
    assert.deepEqual(found?.value, { time: 2000 });
    assert.equal(await readNewestValid(fs, [], decode), undefined);
    await assert.rejects(readNewestValid(fs, [newest], decode, { directory: dir }), /Failed to read checkpoint from directory/);
  }],
];
