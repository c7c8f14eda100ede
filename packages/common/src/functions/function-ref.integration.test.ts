/**
 * A FunctionRef made on the "driver" (this process) travels as bytes and runs in
 * another process that loads the same bundle — the path every task takes.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serialize } from 'node:v8';
import { after, describe, it } from 'node:test';
import { loadBundleDir } from '../bundle/bundle-loader.js';
import { writeTempBundle } from '../bundle/bundle-test-support.js';
import { builtinRef } from './builtins.js';
import { toFunctionRef } from './to-function-ref.js';

const run = promisify(execFile);

const bundleCode = `// ${randomUUID()}
import { capture } from '@kindling/common';
function helper2(x) { return x * 10; }
const table = { lookup: (k) => k.toUpperCase() };
const limit = 5;
function lambdas() {
  return {
    usesHelper: (x) => helper2(x) + limit,
    plain: (x) => [x, 1],
    captured: capture({ factor: 3 }, ({ factor }) => (x) => helper2(x) * factor),
  };
}
export { helper2 as helper, table, limit, lambdas };
`;

// The executor side: load the bundle, resolve each ref, apply it to its input.
const childScript = (commonUrl: string) => `
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { loadBundleDir, createFunctionResolver, registerBuiltin } from ${JSON.stringify(commonUrl)};
registerBuiltin('test.pair', (f, tag) => (x) => [tag, f(x)]);
const [bundleDir, refsFile] = process.argv.slice(2);
const bundle = await loadBundleDir(bundleDir);
const resolver = createFunctionResolver(bundle);
const cases = deserialize(readFileSync(refsFile));
const results = cases.map(({ ref, input }) => resolver.resolve(ref)(input));
process.stdout.write(JSON.stringify({ pid: process.pid, results }));
`;

void describe('function references across processes', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  void it('resolve and run in a child process that loads the same bundle', async () => {
    const { dir, cleanup } = await writeTempBundle(bundleCode);
    cleanups.push(cleanup);
    const bundle = await loadBundleDir(dir);
    const ns = bundle.namespace as {
      helper: (x: number) => number;
      table: { lookup: (k: string) => string };
      lambdas: () => Record<'usesHelper' | 'plain' | 'captured', (x: number) => unknown>;
    };
    const lambdas = ns.lambdas();
    const what = 'map';
    const cases = [
      { ref: toFunctionRef(ns.helper, { what, bundle }), input: 4, expected: 40 },
      { ref: toFunctionRef(ns.table.lookup, { what, bundle }), input: 'abc', expected: 'ABC' },
      { ref: toFunctionRef(lambdas.usesHelper, { what, bundle }), input: 2, expected: 25 },
      { ref: toFunctionRef(lambdas.plain, { what, bundle }), input: 'w', expected: ['w', 1] },
      { ref: toFunctionRef(lambdas.captured, { what, bundle }), input: 2, expected: 60 },
      { ref: builtinRef('test.pair', toFunctionRef(lambdas.usesHelper, { what, bundle }), 't'), input: 1, expected: ['t', 15] },
    ];
    assert.deepEqual(
      cases.map((c) => c.ref.kind),
      ['export', 'export', 'source', 'source', 'captured', 'builtin'],
    );
    // The lambdas reach the bundle's bindings through the export aliases.
    assert.deepEqual(cases[2]!.ref, { kind: 'source', source: '(x) => helper2(x) + limit', bindings: { helper2: 'helper', limit: 'limit' } });
    // The driver computes the same answers locally.
    assert.deepEqual(
      [ns.helper(4), ns.table.lookup('abc'), lambdas.usesHelper(2), lambdas.plain('w' as unknown as number), lambdas.captured(2)],
      cases.slice(0, 5).map((c) => c.expected),
    );

    const refsFile = join(dir, '..', 'refs.bin');
    const scriptFile = join(dir, '..', 'executor.mjs');
    await writeFile(refsFile, serialize(cases.map(({ ref, input }) => ({ ref, input }))));
    await writeFile(scriptFile, childScript(new URL('../index.js', import.meta.url).href));
    const { stdout } = await run(process.execPath, [scriptFile, dir, refsFile], { timeout: 30_000 });
    const answer = JSON.parse(stdout) as { pid: number; results: unknown[] };
    assert.notEqual(answer.pid, process.pid);
    assert.deepEqual(answer.results, cases.map((c) => c.expected));
  });
});
