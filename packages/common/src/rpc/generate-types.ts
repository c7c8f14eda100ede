/**
 * Regenerates the checked-in TypeScript types of proto/kindling.proto and
 * proto/checkpoint.proto with
 * proto-loader-gen-types. `node packages/common/dist/rpc/generate-types.js` writes
 * them to packages/common/src/rpc/generated; the stale-types test calls
 * `generateTypes` into a temp dir and compares.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkpointProtoFile, generatorFlags, kindlingProtoFile, protoDir } from './proto-files.js';

/** Where the checked-in generated types live (relative to this module in src or dist). */
export const generatedDir = fileURLToPath(new URL('../../src/rpc/generated/', import.meta.url));

function generatorBin(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@grpc/proto-loader/package.json');
  return join(dirname(packageJson), 'build', 'bin', 'proto-loader-gen-types.js');
}

export async function generateTypes(outDir: string): Promise<void> {
  // cwd = proto/ and a bare file name, so the "Original file" comments do not
  // depend on where the repository is checked out.
  await promisify(execFile)(process.execPath, [generatorBin(), ...generatorFlags, '-I', '.', '-O', outDir, kindlingProtoFile, checkpointProtoFile], {
    cwd: protoDir,
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await generateTypes(generatedDir);
}
