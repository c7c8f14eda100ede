// `pnpm soak [batches] [--master local[N]] [--records N] [--keys N]`: the "runs for
// days" soak of issue 9 (packages/driver/src/streaming/soak/). Runs the compiled
// soak with --expose-gc, so that its heap figures are taken after a full collection.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const main = new URL('../packages/driver/dist/streaming/soak/soak-main.js', import.meta.url).pathname;
if (!existsSync(main)) {
  console.error('soak: packages/driver is not built; run `pnpm build` first');
  process.exit(2);
}
const run = spawnSync(process.execPath, ['--expose-gc', main, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
