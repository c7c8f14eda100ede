/**
 * Configuration keys of RDD checkpointing: Spark's, with `kindling.` in place of
 * `spark.` (`kindling.checkpoint.compress` lives with the codecs, serializer area).
 */

/** A checkpoint directory set at start, as if `setCheckpointDir` had been called with it. */
export const CHECKPOINT_DIR_KEY = 'kindling.checkpoint.dir';

/** Spark's spark.cleaner.referenceTracking.cleanCheckpoints (default false). */
export const CLEAN_CHECKPOINTS_KEY = 'kindling.cleaner.referenceTracking.cleanCheckpoints';

/**
 * Spark's spark.checkpoint.checkpointAllMarkedAncestors (default false): after a job,
 * checkpoint every marked RDD of its lineage, not just the first marked one on each path.
 */
export const CHECKPOINT_ALL_MARKED_ANCESTORS_KEY = 'kindling.checkpoint.checkpointAllMarkedAncestors';
