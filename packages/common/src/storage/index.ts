export { StorageLevel } from './storage-level.js';
export { rddBlockId, parseRddBlockId, type ParsedRddBlockId } from './block-id.js';
export { BlockManager, type BlockManagerOptions, type BlockManagerMetrics } from './block-manager.js';
export { encodeRecords, decodeRecords, recordWriteOptions } from './record-codec.js';
