// Refreshes the UI screenshots in docs/images/ (shown in the README): runs the
// browser tests, which save a screenshot of the page each checks when
// KINDLING_UI_SCREENSHOTS names a directory. Needs Chromium (see .ci/run) and a build.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const result = spawnSync(process.execPath, [join(root, 'scripts', 'run-tests.mjs'), 'pages-in-chromium'], {
  stdio: 'inherit',
  env: { ...process.env, KINDLING_UI_SCREENSHOTS: join(root, 'docs', 'images') },
});
process.exit(result.status ?? 1);
