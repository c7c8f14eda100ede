export { readShuffleBlock, removeShuffleFiles, shuffleDataPath, shuffleIndexPath } from './shuffle-files.js';
export { writeShuffleMapOutput } from './shuffle-writer.js';
export { readShuffle, type ShuffleReadSpec } from './shuffle-reader.js';
export { LocalShuffleBlockFetcher } from './local-shuffle-block-fetcher.js';
