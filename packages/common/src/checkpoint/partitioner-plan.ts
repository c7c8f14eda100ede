/**
 * A partitioner as plain data: what an RDD's plan carries to executors, and what a
 * checkpoint's `_partitioner` file holds. It lives here, with the file formats, so
 * that checkpoint/ needs nothing from rdd/ (rdd/partitioner.ts re-exports it).
 */
export interface PartitionerPlan {
  readonly kind: string;
  readonly numPartitions: number;
  /** Kind-specific data (range bounds, ordering ref…); must survive v8.serialize. */
  readonly data?: unknown;
}
