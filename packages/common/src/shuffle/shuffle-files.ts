/**
 * Where sort-based shuffle output rests: one data file and one index file per map
 * task, `<workDir>/shuffle/shuffle_<shuffleId>_<mapId>_0.data|.index`, as Spark's
 * IndexShuffleBlockResolver names them. The index holds numPartitions + 1 offsets
 * (u64, big-endian): reduce partition r is bytes [offset[r], offset[r+1]) of the data.
 */
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, KindlingError } from '../errors/index.js';

export const INDEX_ENTRY_BYTES = 8;

export function shuffleDir(workDir: string): string {
  return join(workDir, 'shuffle');
}

export function shuffleDataPath(workDir: string, shuffleId: number, mapId: number): string {
  return join(shuffleDir(workDir), `shuffle_${shuffleId}_${mapId}_0.data`);
}

export function shuffleIndexPath(workDir: string, shuffleId: number, mapId: number): string {
  return join(shuffleDir(workDir), `shuffle_${shuffleId}_${mapId}_0.index`);
}

/**
 * The bytes of reduce partition `reduceId` of one map output: reads its two offsets
 * from the index, then that segment of the data file. Executors' block servers and
 * the local fetcher call this. Fails with NOT_FOUND when the files are missing and
 * DATA_CORRUPTION when the index and data disagree.
 */
export async function readShuffleBlock(workDir: string, shuffleId: number, mapId: number, reduceId: number): Promise<Uint8Array> {
  const indexPath = shuffleIndexPath(workDir, shuffleId, mapId);
  const dataPath = shuffleDataPath(workDir, shuffleId, mapId);
  let start: number;
  let end: number;
  try {
    const index = await open(indexPath, 'r');
    try {
      const entry = Buffer.alloc(2 * INDEX_ENTRY_BYTES);
      const { bytesRead } = await index.read(entry, 0, entry.length, reduceId * INDEX_ENTRY_BYTES);
      if (bytesRead !== entry.length) throw corrupt(`index ${indexPath} has no entry for reduce partition ${reduceId}`);
      start = Number(entry.readBigUInt64BE(0));
      end = Number(entry.readBigUInt64BE(INDEX_ENTRY_BYTES));
    } finally {
      await index.close();
    }
    if (end < start) throw corrupt(`index ${indexPath} has decreasing offsets at reduce partition ${reduceId}`);
    const block = Buffer.alloc(end - start);
    if (block.length === 0) return block;
    const data = await open(dataPath, 'r');
    try {
      const { bytesRead } = await data.read(block, 0, block.length, start);
      if (bytesRead !== block.length) throw corrupt(`data file ${dataPath} is shorter than its index says`);
    } finally {
      await data.close();
    }
    return block;
  } catch (error) {
    throw KindlingError.from(error, `Cannot read shuffle block ${shuffleId}/${mapId}/${reduceId}`);
  }
}

/** Deletes every map output file of `shuffleId` in this work dir (shuffle cleanup). */
export async function removeShuffleFiles(workDir: string, shuffleId: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(shuffleDir(workDir));
  } catch {
    return 0;
  }
  const prefix = `shuffle_${shuffleId}_`;
  const mine = names.filter((n) => n.startsWith(prefix));
  await Promise.all(mine.map((n) => rm(join(shuffleDir(workDir), n), { force: true })));
  return mine.length;
}

function corrupt(message: string): KindlingError {
  return new KindlingError(ErrorCode.DataCorruption, message);
}
