// Original file: kindling.proto

import type { MapStatus as _kindling_MapStatus, MapStatus__Output as _kindling_MapStatus__Output } from '../kindling/MapStatus.js';

export interface GetMapStatusesResponse {
  'statuses'?: (_kindling_MapStatus)[];
}

export interface GetMapStatusesResponse__Output {
  'statuses': (_kindling_MapStatus__Output)[];
}
