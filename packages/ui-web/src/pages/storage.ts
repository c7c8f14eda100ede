/** Storage: cached RDDs, their blocks and where they are, and RDD checkpoint directories. */
import { appJson } from '../api.js';
import { h, section, table } from '../dom.js';
import { drawnAnswers, fill, sameAnswers, UNCHANGED, type LivePage } from '../live.js';
import type { RddPartitionInfo, RddStorageInfo } from '../rest-types.js';

/**
 * A stream caches RDDs every batch: the table shows the newest, and the blocks of
 * the newest few, one REST call each, so that a poll stays a dozen requests however
 * many RDDs are cached (it was one per cached RDD, 45 a poll on the video-hits demo).
 */
const MAX_RDDS = 100;
const MAX_RDDS_WITH_BLOCKS = 10;

/**
 * Kindling does not measure block sizes yet: the REST API sends 0, as Spark's
 * shapes require a number, and the page says "not measured" rather than "0 B".
 */
const NOT_MEASURED = 'not measured';

export function storagePage(root: HTMLElement): LivePage {
  const drawn = drawnAnswers();
  return {
    async update() {
      const rdds = await appJson<RddStorageInfo[]>('/storage/rdd');
      const newest = [...rdds].sort((a, b) => b.id - a.id);
      const shown = newest.slice(0, MAX_RDDS);
      // The list leaves out the blocks (as Spark's); each RDD's own answer has them.
      const details = await Promise.all(newest.slice(0, MAX_RDDS_WITH_BLOCKS).map((r) => appJson<RddStorageInfo>(`/storage/rdd/${r.id}`)));
      if (sameAnswers(drawn, [rdds, ...details])) return UNCHANGED;
      const title = rdds.length > shown.length ? `Cached RDDs (${rdds.length}, the newest ${shown.length} shown)` : `Cached RDDs (${rdds.length})`;
      fill(root, 'storage-table', section(title, 'storage', table([
        { title: 'ID', cell: (r) => r.id, numeric: true },
        { title: 'RDD Name', cell: (r) => r.name },
        { title: 'Storage Level', cell: (r) => r.storageLevel },
        { title: 'Cached Partitions', cell: (r) => `${r.numCachedPartitions}/${r.numPartitions}`, numeric: true },
        { title: 'Fraction Cached', cell: (r) => `${r.numPartitions === 0 ? 0 : Math.round((100 * r.numCachedPartitions) / r.numPartitions)}%`, numeric: true },
        { title: 'Size in Memory', cell: () => NOT_MEASURED, numeric: true },
        { title: 'Checkpoint directory', cell: (r) => r.checkpointDir ?? '' },
      ], shown, 'No RDD is cached.', 'storage-table', (r) => r.id)));
      const blocks = details.flatMap((r) => (r.partitions ?? []).map((p) => ({ rdd: r.id, ...p })));
      const blocksTitle = rdds.length > details.length ? `Blocks of the newest ${details.length} RDDs (${blocks.length})` : `Blocks (${blocks.length})`;
      fill(root, 'storage-blocks', section(blocksTitle, 'blocks', table<RddPartitionInfo & { rdd: number }>([
        { title: 'Block Name', cell: (b) => b.blockName },
        { title: 'Storage Level', cell: (b) => b.storageLevel },
        { title: 'Size in Memory', cell: () => NOT_MEASURED, numeric: true },
        { title: 'Executors', cell: (b) => h('span', {}, b.executors.join(', ')) },
      ], blocks, 'No blocks.', 'blocks-table', (b) => b.blockName)));
    },
  };
}
