/**
 * The command line itself is wrong (a malformed flag value, a missing file named by
 * a flag): `kindling` exits with 2, as for commander's own parse errors. An
 * InvalidArgumentError that a job throws later is a job failure (exit 1) instead;
 * that difference is why this class exists.
 */
import { InvalidArgumentError, type KindlingErrorOptions } from '@kindling/common';

export class UsageError extends InvalidArgumentError {
  constructor(message: string, options?: KindlingErrorOptions) {
    super(message, options);
  }
}
