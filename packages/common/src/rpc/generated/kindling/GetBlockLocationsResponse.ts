// Original file: kindling.proto

import type { BlockLocation as _kindling_BlockLocation, BlockLocation__Output as _kindling_BlockLocation__Output } from '../kindling/BlockLocation.js';

export interface GetBlockLocationsResponse {
  'locations'?: (_kindling_BlockLocation)[];
}

export interface GetBlockLocationsResponse__Output {
  'locations': (_kindling_BlockLocation__Output)[];
}
