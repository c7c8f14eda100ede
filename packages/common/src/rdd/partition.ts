/** One slice of an RDD. Subclasses add what their compute needs (a data slice, parent partitions…). */
export interface Partition {
  /** Position of this partition in its RDD's `partitions`; also the task's partitionId. */
  readonly index: number;
}
