/**
 * Stack traces of job code, as the driver shows them with --verbose. The executor
 * enables source maps, so a frame names the user's file and line — but resolved
 * against where this executor stored the bundle (`<work dir>/bundles/<sha256>/`),
 * a directory that means nothing on the driver and is deleted with a local[N]
 * application. The frame is rewritten to the path the source map gives, which is
 * relative to the job's project root (`src/parse.ts:12:7`), as the manifest's entry is.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TaskOutcome } from '@kindling/common';

export function withJobRelativeStack(outcome: TaskOutcome, bundleRoot: string, sha256: string): TaskOutcome {
  if (outcome.status !== 'failed' || sha256 === '' || outcome.failure.stack === '') return outcome;
  const dir = join(bundleRoot, sha256);
  const stack = outcome.failure.stack.split(`${pathToFileURL(dir).href}/`).join('').split(`${dir}/`).join('');
  return stack === outcome.failure.stack ? outcome : { ...outcome, failure: { ...outcome.failure, stack } };
}
