export { estimateSize } from './size-estimator.js';
export { TaskMemory } from './task-memory.js';
export { MemoryManager, type MemoryManagerOptions, type StorageEvictor } from './memory-manager.js';
export {
  MemoryConf,
  memoryDefaults,
  minExecutorMemoryBytes,
  parseByteSize,
  executorMemoryBytes,
  executorHeapMegabytes,
  managedMemoryBytes,
  memoryManagerFromConf,
} from './memory-conf.js';
