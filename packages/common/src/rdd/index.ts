export type { RddContext } from './rdd-context.js';
export type { Partition } from './partition.js';
export type { TaskContext } from './task-context.js';
export { RDD, type RddPlan } from './rdd.js';
export { Dependency, NarrowDependency, OneToOneDependency, RangeDependency, ShuffleDependency, type Aggregator } from './dependency.js';
export { Partitioner, type PartitionerPlan } from './partitioner.js';
