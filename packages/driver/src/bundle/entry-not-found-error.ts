/**
 * The entry file or bundle path given to `kindling submit` / `kindling package` does
 * not exist. A BundleError like every bundle problem, but its own class because the
 * CLI treats it as a usage error (exit 2): the command line named something absent.
 */
import { BundleError, type KindlingErrorOptions } from '@kindling/common';

export class EntryNotFoundError extends BundleError {
  constructor(message: string, options?: KindlingErrorOptions) {
    super(message, options);
  }
}
