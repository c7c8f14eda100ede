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
export { Duration, Milliseconds, Seconds, Minutes } from './duration.js';
export { ManualClock, SystemClock, type Clock } from './clock.js';
export type { StreamingListener, ReceiverInfo } from './streaming-listener.js';
export type { BatchInfo, OutputOperationInfo } from './batch-info.js';
export type { StreamInputInfo } from './input-info-tracker.js';
