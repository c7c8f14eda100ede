// The executor-side half of the stateful stream operators (the DStreams are in
// @kindling/driver): the mapWithState RDD kind, its state, and the builtins that
// read and build state partitions. Importing this module registers them.
import './state-builtins.js';
import './state-migration.js';

export { type State, StateImpl } from './state.js';
export { StateMap, stateEntries, mergeLevels, MAX_DELTA_CHAIN, type MapWithStateRecord, type StateEntry, type StateLevel } from './state-map.js';
export {
  PairStateDeltaRDD,
  StateSnapshotRDD,
  levelsSnapshot,
  type StateForm,
  type StateSnapshotDir,
  type StateSnapshotPart,
} from './state-snapshot.js';
export { MapWithStateRDD, type MapWithStateOptions, type MappingFunction } from './map-with-state-rdd.js';

// Executor-side pieces of streaming: the RDD kinds input streams create, and the
// receiver API with the supervisor that runs a receiver inside a task.
export { RateRDD, type RateRecord, type RateRange } from './rate-rdd.js';
export { FileLinesRDD, splitLines } from './file-lines-rdd.js';
export { Receiver, type ReceiverSupervisorHandle } from './receiver.js';
export { ReceiverSupervisor, type ReceiverSupervisorOptions } from './receiver-supervisor.js';
export { SocketReceiver } from './socket-receiver.js';
export { RUN_RECEIVER_BUILTIN, rebuildReceiver } from './receiver-task.js';
export {
  setReceiverReportHandler,
  deliverReceiverReport,
  inProcessReceiverEndpoint,
  type ReceiverEndpoint,
  type ReceiverEvent,
  type ReceiverReportMessage,
  type ReceiverCommandMessage,
  type ReceiverReportHandler,
} from './receiver-endpoint.js';
export { receiverReportToWire, receiverReportFromWire, receiverCommandToWire, receiverCommandFromWire } from './receiver-wire.js';
export * from './write-ahead-log/index.js';
