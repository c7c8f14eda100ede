// RDD checkpoints (reference/spark-checkpointing.md §1): the file layout, the tee that
// writes partitions while tasks compute them, the directory's _metadata and
// _partitioner, reading a checkpoint back, configuration keys and the cleaner. The
// checkpoint RDDs and the state machine live with the other RDDs (rdd/), and are
// re-exported here.
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
export { TaskCheckpointTees, checkpointTeeSpecs, bindCheckpointTees, checkpointTeeFor } from './task-checkpoint-tees.js';
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
export { RDDCheckpointData, type CheckpointState, type CheckpointServices } from '../rdd/rdd-checkpoint-data.js';
export { ReliableRDDCheckpointData } from '../rdd/reliable-rdd-checkpoint-data.js';
export { LocalRDDCheckpointData } from '../rdd/local-rdd-checkpoint-data.js';
export { ReliableCheckpointRDD, type CheckpointFiles } from '../rdd/reliable-checkpoint-rdd.js';
export { LocalCheckpointRDD } from '../rdd/local-checkpoint-rdd.js';
export { writeRddToCheckpointDirectory } from '../rdd/reliable-checkpoint-writer.js';
export { claimCheckpoints, runCheckpoints } from '../rdd/rdd-checkpointing.js';
export type { CheckpointOptions } from '../rdd/ops/checkpoint.js';
