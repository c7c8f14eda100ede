// RDD checkpoints (reference/spark-checkpointing.md §1): the file layout, the tee that
// writes a partition while a task computes it, the directory's _metadata and
// _partitioner, reading a checkpoint back, configuration keys and the cleaner.
//
// One direction: rdd/ builds on checkpoint/, never the reverse (checkpoint-layering.test.ts).
// The checkpoint RDDs, the checkpoint state machine and the task's tees are RDD
// concepts and are exported by rdd/index.ts.
export {
  PARTITIONER_FILE,
  METADATA_FILE,
  rddCheckpointDirName,
  partFileName,
  partTempFileName,
  partFilePath,
  parsePartFileName,
} from './checkpoint-files.js';
export { PartitionCheckpointTee, type CheckpointTeeSpec, type TeeOutcome } from './partition-tee.js';
export {
  encodeCheckpointMetadata,
  decodeCheckpointMetadata,
  encodePartitionerPlan,
  decodePartitionerPlan,
  METADATA_FORMAT,
  METADATA_VERSION,
  type RddCheckpointMetadata,
} from './checkpoint-metadata.js';
export { listCommittedParts, completeCheckpointDirectory, readCheckpointDirectory, type CheckpointDirectoryContents } from './checkpoint-directory.js';
export { readPartFile, partFileRecords } from './part-file-reader.js';
export { checkpointCodec } from './checkpoint-codec.js';
export {
  encodeStreamingCheckpoint,
  decodeStreamingCheckpoint,
  toCheckpointValue,
  fromCheckpointValue,
  STREAMING_CHECKPOINT_FORMAT_VERSION,
} from './streaming-checkpoint-codec.js';
export { CHECKPOINT_DIR_KEY, CLEAN_CHECKPOINTS_KEY, CHECKPOINT_ALL_MARKED_ANCESTORS_KEY } from './checkpoint-conf.js';
export { registerCheckpointForCleanup, checkpointCleanupsSettled } from './checkpoint-cleaner.js';
