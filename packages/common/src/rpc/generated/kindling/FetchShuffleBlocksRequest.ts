// Original file: kindling.proto

import type { ShuffleBlockId as _kindling_ShuffleBlockId, ShuffleBlockId__Output as _kindling_ShuffleBlockId__Output } from '../kindling/ShuffleBlockId.js';

export interface FetchShuffleBlocksRequest {
  'blocks'?: (_kindling_ShuffleBlockId)[];
}

export interface FetchShuffleBlocksRequest__Output {
  'blocks': (_kindling_ShuffleBlockId__Output)[];
}
