/**
 * What `kindling submit` / `kindling package` was given is not a job: a directory
 * without a manifest.json, or a file that is not a JavaScript or TypeScript module.
 * A BundleError, but the CLI treats it as a usage error (exit 2), like
 * EntryNotFoundError: the command line names the wrong thing.
 */
import { BundleError, type KindlingErrorOptions } from '@kindling/common';

export class NotAJobError extends BundleError {
  constructor(message: string, options?: KindlingErrorOptions) {
    super(message, options);
  }
}
