/**
 * Names of blocks a block manager holds, as Spark names them: `rdd_<rddId>_<partition>`.
 * The driver tracks cache locations by these names (TaskOutcome.updatedBlocks).
 */
export function rddBlockId(rddId: number, partitionIndex: number): string {
  return `rdd_${rddId}_${partitionIndex}`;
}

export interface ParsedRddBlockId {
  readonly rddId: number;
  readonly partitionIndex: number;
}

export function parseRddBlockId(blockId: string): ParsedRddBlockId | undefined {
  const match = /^rdd_(\d+)_(\d+)$/.exec(blockId);
  if (match === null) return undefined;
  return { rddId: Number(match[1]), partitionIndex: Number(match[2]) };
}
