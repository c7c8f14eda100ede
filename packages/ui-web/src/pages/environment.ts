/** Environment: the runtime and the configuration (secrets arrive redacted from the server). */
import { appJson } from '../api.js';
import { section, table } from '../dom.js';
import { fill, drawnAnswers, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { ApplicationEnvironmentInfo } from '../rest-types.js';

type Pair = readonly [string, string];

export function environmentPage(root: HTMLElement): LivePage {
  const drawn = drawnAnswers();
  const pairs = (title: string, id: string, rows: readonly Pair[]): HTMLElement =>
    section(`${title} (${rows.length})`, id, table<Pair>([
      { title: 'Name', cell: (p) => p[0] },
      { title: 'Value', cell: (p) => p[1] },
    ], [...rows].sort((a, b) => a[0].localeCompare(b[0])), 'None.', `${id}-table`));
  return {
    async update() {
      const env = await appJson<ApplicationEnvironmentInfo>('/environment');
      if (sameAnswers(drawn, [env])) return UNCHANGED;
      fill(root, 'env-runtime', pairs('Runtime', 'runtime', Object.entries(env.runtime ?? {})));
      fill(root, 'env-kindling', pairs('Kindling properties', 'properties', env.sparkProperties));
      fill(root, 'env-system', pairs('System properties', 'system', env.systemProperties ?? []));
      fill(root, 'env-hadoop', pairs('File system properties', 'hadoop', env.hadoopProperties ?? []));
    },
  };
}
