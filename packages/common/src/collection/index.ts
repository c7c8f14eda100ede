export { ExternalAppendOnlyMap, type Combiners } from './external-append-only-map.js';
export { ExternalSorter } from './external-sorter.js';
export { SpillWriter, readSpillFile } from './spill-file.js';
export { INITIAL_MEMORY_THRESHOLD } from './spillable.js';
export { SerializedBlockBuffer } from './serialized-block-buffer.js';
