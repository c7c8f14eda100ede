/** Storage: cached RDDs, their blocks and sizes, and RDD checkpoint directories. */
import { appJson } from '../api.js';
import { h, section, table } from '../dom.js';
import { formatBytes } from '../format.js';
import { fill, type LivePage } from '../live.js';
import type { RddPartitionInfo, RddStorageInfo } from '../rest-types.js';

export function storagePage(root: HTMLElement): LivePage {
  return {
    async update() {
      const rdds = await appJson<RddStorageInfo[]>('/storage/rdd');
      fill(root, 'storage-table', section(`RDDs (${rdds.length})`, 'storage', table([
        { title: 'ID', cell: (r) => r.id, numeric: true },
        { title: 'RDD Name', cell: (r) => r.name },
        { title: 'Storage Level', cell: (r) => r.storageLevel },
        { title: 'Cached Partitions', cell: (r) => `${r.numCachedPartitions}/${r.numPartitions}`, numeric: true },
        { title: 'Fraction Cached', cell: (r) => `${r.numPartitions === 0 ? 0 : Math.round((100 * r.numCachedPartitions) / r.numPartitions)}%`, numeric: true },
        { title: 'Size in Memory', cell: (r) => formatBytes(r.memoryUsed), numeric: true },
        { title: 'Size on Disk', cell: (r) => formatBytes(r.diskUsed), numeric: true },
        { title: 'Checkpoint directory', cell: (r) => r.checkpointDir ?? '' },
      ], rdds, 'No RDD is cached.', 'storage-table')));
      // The list leaves out the blocks (as Spark's); each RDD's own answer has them.
      const details = await Promise.all(rdds.map((r) => appJson<RddStorageInfo>(`/storage/rdd/${r.id}`)));
      const blocks = details.flatMap((r) => (r.partitions ?? []).map((p) => ({ rdd: r.id, ...p })));
      fill(root, 'storage-blocks', section(`Blocks (${blocks.length})`, 'blocks', table<RddPartitionInfo & { rdd: number }>([
        { title: 'Block Name', cell: (b) => b.blockName },
        { title: 'Storage Level', cell: (b) => b.storageLevel },
        { title: 'Size in Memory', cell: (b) => formatBytes(b.memoryUsed), numeric: true },
        { title: 'Size on Disk', cell: (b) => formatBytes(b.diskUsed), numeric: true },
        { title: 'Executors', cell: (b) => h('span', {}, b.executors.join(', ')) },
      ], blocks, 'No blocks.', 'blocks-table')));
    },
  };
}
