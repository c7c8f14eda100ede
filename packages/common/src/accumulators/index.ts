export {
  AccumulatorV2,
  CollectionAccumulator,
  DoubleAccumulator,
  LongAccumulator,
  accumulatorHandle,
  accumulatorTag,
  isAccumulator,
  newAccumulator,
  type AccumulatorKind,
} from './accumulator.js';
export { AccumulatorContext, TaskAccumulators, currentTaskAccumulators, runWithTaskAccumulators, type AccumulatorUpdate } from './accumulator-context.js';
