/**
 * Packaging real job modules with esbuild (which runs as a child process), in a
 * project under os.tmpdir(), outside the repository.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { serialize } from 'node:v8';
import { after, before, describe, it } from 'node:test';
import { BundleError, loadBundleDir, sha256Hex, toFunctionRef, type FunctionRef } from '@kindling/common';
import { EntryNotFoundError } from './entry-not-found-error.js';
import { kindlingVersion } from './kindling-version.js';
import { packageBundle } from './package-bundle.js';
import { loadJobBundle, resolveJobBundle } from './resolve-job-bundle.js';

const run = promisify(execFile);
let project: string;

// Two modules with a top-level `parse` each: esbuild must rename one of them.
const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'tmp-job', version: '2.3.4', type: 'module' }),
  'src/text.ts': [
    'export function parse(line: string): string[] { return line.split(" "); }',
    'export const stopWords = new Set(["the", "a"]);',
  ].join('\n'),
  'src/job.ts': [
    "import { capture } from '@kindling/driver';",
    "import { parse as parseText, stopWords } from './text.js';",
    'const parse = (s: string): number => Number(s);',
    'export { parse, parseText, stopWords };',
    'export const tools = { shout: (w: string): string => w.toUpperCase() };',
    'export function lambdas() {',
    '  return {',
    '    words: (line: string) => parseText(line).filter((w) => !stopWords.has(w)),',
    '    sum: (line: string) => parseText(line).map(parse).reduce((a, b) => a + b, 0),',
    '    scaled: capture({ k: 10 }, ({ k }) => (s: string) => parse(s) * k),',
    '  };',
    '}',
    'export default async function main(): Promise<void> {}',
  ].join('\n'),
  'src/not-main.mjs': 'export default { main: true };\nexport const x = 1;\n',
  'src/broken.ts': 'export function f( {\n',
};

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'kindling-package-test-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(project, name, '..'), { recursive: true });
    await writeFile(join(project, name), text);
  }
});
after(() => rm(project, { recursive: true, force: true }));

void describe('packageBundle', () => {
  void it('writes bundle.mjs and a manifest that describes it', async () => {
    const { dir, manifest } = await packageBundle(join(project, 'src/job.ts'), join(project, 'out'));
    const code = await readFile(join(dir, 'bundle.mjs'));
    assert.equal(manifest.sha256, sha256Hex(code));
    assert.equal(manifest.name, 'tmp-job');
    assert.equal(manifest.version, '2.3.4');
    assert.equal(manifest.entry, join('src', 'job.ts'));
    assert.equal(manifest.kindlingVersion, kindlingVersion());
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')), manifest);
    // @kindling/* stays external; node built-ins are imported, not inlined.
    assert.match(code.toString(), /from "@kindling\/driver"/);
    // esbuild renamed one of the two `parse` bindings; the aliases say which export holds each.
    const aliases = manifest.exportAliases;
    const renamed = Object.keys(aliases).filter((local) => aliases[local] === 'parse' || aliases[local] === 'parseText');
    assert.equal(renamed.length, 2);
    assert.ok(renamed.some((local) => local !== aliases[local]), `expected a renamed local in ${JSON.stringify(aliases)}`);
  });

  void it('gives the same sha256 for the same code wherever the bundle is written', async () => {
    const a = await packageBundle(join(project, 'src/job.ts'), join(project, 'out-a'));
    const b = await packageBundle(join(project, 'src/job.ts'), join(tmpdir(), relative(tmpdir(), project), 'deeper', 'out-b'));
    assert.equal(a.manifest.sha256, b.manifest.sha256);
  });

  void it('fails with one line when the entry does not exist or does not compile', async () => {
    await assert.rejects(packageBundle('./nope.ts', join(project, 'x')), (e: unknown) => e instanceof EntryNotFoundError && e.message === 'Entry file ./nope.ts does not exist');
    await assert.rejects(packageBundle(join(project, 'src/broken.ts'), join(project, 'x')), (e: unknown) => {
      assert.ok(e instanceof BundleError);
      assert.match(e.message, /^Cannot bundle .*broken\.ts: .*broken\.ts:2:1: /);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  });
});

void describe('resolveJobBundle', () => {
  void it('accepts a bundle directory, its manifest.json, or an entry packaged into a content-addressed cache', async () => {
    const { dir, manifest } = await packageBundle(join(project, 'src/job.ts'), join(project, 'out-r'));
    assert.equal((await resolveJobBundle(dir)).manifest.sha256, manifest.sha256);
    assert.equal((await resolveJobBundle(join(dir, 'manifest.json'))).dir, dir);
    const cacheDir = join(project, 'cache');
    const first = await resolveJobBundle(join(project, 'src/job.ts'), { cacheDir });
    const second = await resolveJobBundle(join(project, 'src/job.ts'), { cacheDir });
    assert.equal(first.dir, join(cacheDir, manifest.sha256));
    assert.equal(second.dir, first.dir);
    assert.ok(first.packaged);
  });

  void it('refuses a bundle whose default export is not a function', async () => {
    await assert.rejects(
      loadJobBundle(join(project, 'src/not-main.mjs'), { cacheDir: join(project, 'cache') }),
      (e: unknown) => e instanceof BundleError && e.message === "The job bundle's default export must be a function (kc, args) => Promise<void>; got an object",
    );
  });
});

void describe('function references from a packaged bundle', () => {
  void it('travel as bytes and run in another process that loads the same bundle', async () => {
    const { dir } = await packageBundle(join(project, 'src/job.ts'), join(project, 'out-refs'));
    const bundle = await loadBundleDir(dir);
    const ns = bundle.namespace as {
      parseText: (s: string) => string[];
      tools: { shout: (w: string) => string };
      lambdas: () => Record<'words' | 'sum' | 'scaled', (s: string) => unknown>;
    };
    const l = ns.lambdas();
    const cases: Array<{ ref: FunctionRef; input: string }> = [
      { ref: toFunctionRef(ns.parseText, { what: 'flatMap', bundle }), input: 'x y' },
      { ref: toFunctionRef(ns.tools.shout, { what: 'map', bundle }), input: 'hey' },
      { ref: toFunctionRef(l.words, { what: 'flatMap', bundle }), input: 'the cat a hat' },
      { ref: toFunctionRef(l.sum, { what: 'map', bundle }), input: '1 2 3' },
      { ref: toFunctionRef(l.scaled, { what: 'map', bundle }), input: '4' },
    ];
    assert.deepEqual(cases.map((c) => c.ref.kind), ['export', 'export', 'source', 'source', 'captured']);
    const expected = [['x', 'y'], 'HEY', ['cat', 'hat'], 6, 40];
    assert.deepEqual([ns.parseText('x y'), ns.tools.shout('hey'), l.words('the cat a hat'), l.sum('1 2 3'), l.scaled('4')], expected);

    const refsFile = join(project, 'refs.bin');
    const script = join(project, 'executor.mjs');
    await writeFile(refsFile, serialize(cases));
    await writeFile(
      script,
      [
        "import { readFileSync } from 'node:fs';",
        "import { deserialize } from 'node:v8';",
        // Resolved the way an executor would: @kindling/common from this installation.
        `import { loadBundleDir, createFunctionResolver } from ${JSON.stringify(import.meta.resolve('@kindling/common'))};`,
        'const [dir, refs] = process.argv.slice(2);',
        'const resolver = createFunctionResolver(await loadBundleDir(dir));',
        'const out = deserialize(readFileSync(refs)).map(({ ref, input }) => resolver.resolve(ref)(input));',
        'process.stdout.write(JSON.stringify(out));',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, [script, dir, refsFile], { timeout: 30_000 });
    assert.deepEqual(JSON.parse(stdout), expected);
  });
});
