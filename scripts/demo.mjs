// `pnpm demo`: Kindling's main demo, the video-hits streaming job
// (examples/video-hits), on --master local[2] with a local checkpoint directory.
// It runs for 30 s (or until Ctrl-C) with 2 s batches, printing the ten most played
// videos of the hour every batch. Each demo starts from a fresh checkpoint directory;
// run `kindling submit` on the same directory again to see a driver recover from it
// (README, "Streaming").
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const dir = join(tmpdir(), 'kindling-video-hits-demo');
rmSync(dir, { recursive: true, force: true });
const args = [
  join(root, 'packages/driver/dist/cli/main.js'),
  'submit', '--master', 'local[2]',
  join(root, 'examples/video-hits/video-hits.ts'),
  pathToFileURL(dir).href,
  '--batch', '2', '--duration', process.env.KINDLING_DEMO_SECONDS ?? '30',
];
console.log(`video-hits demo: plays per video per hour with mapWithState, 2 s batches, for ${args.at(-1)} s (Ctrl-C stops it sooner)`);
const child = spawn(process.execPath, args, { stdio: 'inherit' });
// Ctrl-C reaches the driver too (same process group); it stops its context and exits.
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
