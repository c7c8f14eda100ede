// Streaming's public surface, re-exported by @kindling/driver. Importing this module
// installs the DStream operators and the StreamingContext's input factories.
import './ops/basic.js';
import './ops/pair.js';
import './ops/output.js';
import './ops/window.js';
import './ops/pair-window.js';
import './ops/save.js';
import './ops/state.js';
import './inputs/index.js';

export { StreamingContext, type StreamingContextOptions, type StopOptions, type StreamingContextState } from './streaming-context.js';
export { DStream, type DStreamDescription } from './dstream.js';
export { InputDStream } from './input-dstream.js';
export { StateSpec, type StateMappingFunction } from './state-spec.js';
export { MapWithStateDStream } from './map-with-state-dstream.js';
export type { State } from '@kindling/common';
export { RateInputDStream, type RateStreamOptions } from './inputs/rate-input-dstream.js';
export { FileInputDStream } from './inputs/file-input-dstream.js';
export { PidRateEstimator, type PidRateEstimatorOptions } from './rate/pid-rate-estimator.js';
export { RateController } from './rate/rate-controller.js';
export { ReceiverInputDStream } from './receiver/receiver-input-dstream.js';
export { ReceiverTracker } from './receiver/receiver-tracker.js';
export { Receiver } from '@kindling/common';
export { Duration, Milliseconds, Seconds, Minutes } from './duration.js';
export { ManualClock, SystemClock, type Clock } from './clock.js';
export type { StreamingListener, ReceiverInfo } from './streaming-listener.js';
export type { BatchCheckpointInfo, BatchInfo, OutputOperationInfo } from './batch-info.js';
export type { StreamInputInfo } from './input-info-tracker.js';
