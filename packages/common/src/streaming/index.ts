// The executor-side half of the stateful stream operators (the DStreams are in
// @kindling/driver): the mapWithState RDD kind, its state, and the builtins that
// read and build state partitions. Importing this module registers them.
import './state-builtins.js';

export { type State, StateImpl } from './state.js';
export { StateMap, stateEntries, MAX_DELTA_CHAIN, type MapWithStateRecord, type StateEntry, type StateLevel } from './state-map.js';
export { MapWithStateRDD, type MapWithStateOptions, type MappingFunction } from './map-with-state-rdd.js';
