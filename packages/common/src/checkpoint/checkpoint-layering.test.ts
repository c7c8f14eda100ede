/**
 * checkpoint/ (file layout, formats, tees, the cleaner) is the layer rdd/ builds on:
 * no module of checkpoint/ may import from rdd/, not even a type, so the two never
 * form an import circle again (checkpoint/index.ts once re-exported the RDD classes).
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const sourceDir = fileURLToPath(new URL('../../src/checkpoint/', import.meta.url));

void test('no module of checkpoint/ imports from rdd/', async () => {
  const files = (await readdir(sourceDir)).filter((f) => f.endsWith('.ts'));
  assert.ok(files.includes('index.ts') && files.length > 5, `found ${files.join(', ')}`);
  const offenders: string[] = [];
  for (const file of files) {
    const text = await readFile(`${sourceDir}${file}`, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (/(^|\/)rdd\//.test(match[1]!)) offenders.push(`${file}: ${match[1]}`);
    }
  }
  assert.deepEqual(offenders, []);
});
