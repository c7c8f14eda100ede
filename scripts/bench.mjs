// `pnpm bench`: runs every compiled benchmark (packages/*/dist/**/*.bench.js) one
// after another, so they do not compete for the machine's two cores. Each prints
// its own figures, as ratios against a baseline measured in the same run.
// Arguments filter by file name: `pnpm bench storage`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.bench.js')) out.push(path);
  }
  return out;
}

const benches = readdirSync(join(root, 'packages'))
  .map((p) => join(root, 'packages', p, 'dist'))
  .filter((d) => { try { return statSync(d).isDirectory(); } catch { return false; } })
  .flatMap((d) => find(d))
  // Matched against the path inside the repository: a work tree named wt-storage must not match every bench.
  .filter((f) => filters.length === 0 || filters.some((x) => f.slice(root.length).includes(x)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n## ${file.slice(root.length)}`);
  const r = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit', env: { ...process.env, KINDLING_LOG_LEVEL: 'silent' } });
  if (r.status !== 0) failed++;
}
if (benches.length === 0) console.log('no benchmarks found; run `pnpm build` first');
process.exit(failed === 0 ? 0 : 1);
