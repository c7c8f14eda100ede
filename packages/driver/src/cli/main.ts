#!/usr/bin/env node
/**
 * The `kindling` executable (packages/driver/package.json `bin`).
 *
 * Exits explicitly once the command is done: a job may leave timers or sockets
 * open, and the process must end when `main(kc, args)` and `kc.stop()` have.
 */
import { fileURLToPath } from 'node:url';
import { runCli } from './program.js';

// Stack traces of job code point at the user's TypeScript (bundles carry a source map).
process.setSourceMapsEnabled(true);

const code = await runCli(process.argv.slice(2), fileURLToPath(import.meta.url));
process.exit(code);
