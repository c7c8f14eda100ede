import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { generateTypes, generatedDir } from './generate-types.js';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

void test('the checked-in generated types match proto/kindling.proto (run node packages/common/dist/rpc/generate-types.js when this fails)', async () => {
  const out = await mkdtemp(join(tmpdir(), 'kindling-gen-'));
  try {
    await generateTypes(out);
    const fresh = await listFiles(out);
    const checkedIn = await listFiles(generatedDir);
    assert.deepEqual(checkedIn, fresh, 'generated files differ in name');
    for (const file of fresh) {
      const [a, b] = await Promise.all([readFile(join(generatedDir, file), 'utf8'), readFile(join(out, file), 'utf8')]);
      assert.equal(a, b, `${file} is stale`);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
