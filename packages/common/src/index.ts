// The public surface of @kindling/common. Each area re-exports from its own index.
export * from './errors/index.js';
export * from './log/index.js';
export * from './conf/index.js';
export * from './functions/index.js';
export * from './broadcast/index.js';
export * from './accumulators/index.js';
export * from './task/index.js';
export * from './serializer/index.js';
export * from './fs/index.js';
export * from './rdd/index.js';
export * from './shuffle/index.js';
export * from './memory/index.js';
export * from './collection/index.js';
export * from './storage/index.js';
export * from './bundle/index.js';
export * from './rpc/index.js';
export * from './checkpoint/index.js';
export * from './streaming/index.js';
// Executor-side builtins of the streaming operators (registered on import).
import './streaming/reduced-window-merge.js';
// Registers common's configuration keys (conf/conf-registry.ts).
import './conf/common-conf-entries.js';
