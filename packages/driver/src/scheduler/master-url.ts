/**
 * The forms of `--master` (docs/DESIGN.md §1), parsed once into a discriminated union.
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from '@kindling/common';

export type MasterUrl =
  /** Tasks run inside the driver process (unit tests of the RDD model). */
  | { readonly kind: 'local-inprocess' }
  /** The driver spawns `executors` executor processes on loopback. */
  | { readonly kind: 'local'; readonly executors: number }
  /** The driver listens at host:port for separately started executors. */
  | { readonly kind: 'cluster'; readonly host: string; readonly port: number };

export const ACCEPTED_MASTERS = 'local-inprocess, local, local[N], local[*], kindling://HOST:PORT';

export function parseMasterUrl(master: string): MasterUrl {
  const m = master.trim();
  if (m === 'local-inprocess') return { kind: 'local-inprocess' };
  if (m === 'local') return { kind: 'local', executors: 1 };
  const local = /^local\[(\*|\d+)\]$/.exec(m);
  if (local !== null) {
    const executors = local[1] === '*' ? availableParallelism() : Number(local[1]);
    if (executors < 1) throw bad(master, 'local[N] needs N >= 1');
    return { kind: 'local', executors };
  }
  const cluster = /^kindling:\/\/(\[[0-9a-fA-F:]+\]|[^:/\s]+):(\d+)$/.exec(m);
  if (cluster !== null) {
    const port = Number(cluster[2]);
    if (port > 65535) throw bad(master, 'the port must be at most 65535');
    return { kind: 'cluster', host: cluster[1]!.replace(/^\[|\]$/g, ''), port };
  }
  throw bad(master, undefined);
}

function bad(master: string, detail: string | undefined): InvalidArgumentError {
  return new InvalidArgumentError(
    `Invalid master URL '${master}'${detail === undefined ? '' : ` (${detail})`}; use one of ${ACCEPTED_MASTERS}`,
  );
}
