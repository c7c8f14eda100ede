import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BundleError } from '../errors/index.js';
import { computeExportAliases } from './export-aliases.js';

void describe('computeExportAliases', () => {
  void it("maps esbuild's renamed locals to their export names", () => {
    const source = [
      'function parse2(line) { return line; }',
      'var parse = 1;',
      'async function main(kc, args) {}',
      'const counts = { a: 1 };',
      'export {',
      '  counts,',
      '  main as default,',
      '  parse2 as parse',
      '};',
    ].join('\n');
    assert.deepEqual(computeExportAliases(source), { counts: 'counts', main: 'default', parse2: 'parse' });
  });

  void it('reads export declarations, destructuring and string export names', () => {
    const source = [
      'export function f() {}',
      'export class K {}',
      'export const a = 1, { b, c: [d] } = {};',
      'let e = 2;',
      'export { e as "e-name" };',
      'export default function main() {}',
      "export { z } from './elsewhere.js';",
    ].join('\n');
    assert.deepEqual(computeExportAliases(source), { f: 'f', K: 'K', a: 'a', b: 'b', d: 'd', e: 'e-name', main: 'default' });
  });

  void it('prefers a named export over default for the same local', () => {
    assert.deepEqual(computeExportAliases('function main() {}\nexport { main as default, main as run };'), { main: 'run' });
  });

  void it('gives a re-exported import its export name under every local esbuild imported it as', () => {
    const source = [
      "import { capture } from '@kindling/driver';",
      "import { capture as capture2, Seconds } from '@kindling/driver';",
      'const f = capture({}, () => (x) => x);',
      'export { capture2 as capture, f };',
    ].join('\n');
    assert.deepEqual(computeExportAliases(source), { capture2: 'capture', f: 'f', capture: 'capture' });
  });

  void it('refuses source that does not parse', () => {
    assert.throws(() => computeExportAliases('export {'), BundleError);
  });
});
