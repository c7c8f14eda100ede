/** The Kindling version this executor runs, from its package.json (sent at registration). */
import { createRequire } from 'node:module';

const packageJson = createRequire(import.meta.url)('../package.json') as { version?: string };

export const kindlingExecutorVersion: string = packageJson.version ?? '0.0.0';
