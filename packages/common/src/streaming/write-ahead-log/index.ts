// The write-ahead log of received data and of the driver's block metadata (docs/DESIGN.md §8).
export { FileBasedWriteAheadLog, readWriteAheadLogRecord, type WriteAheadLogOptions, type LogSegmentFile } from './file-based-write-ahead-log.js';
export { encodeRecord, decodeRecord, scanSegment, RECORD_HEADER_BYTES, type WriteAheadLogSegment, type SegmentScan } from './write-ahead-log-record.js';
export { WriteAheadLogBackedBlockRDD, type WalBackedBlock } from './write-ahead-log-backed-block-rdd.js';
