// Original file: kindling.proto

import type { MapStatus as _kindling_MapStatus, MapStatus__Output as _kindling_MapStatus__Output } from '../kindling/MapStatus.js';
import type { Long } from '@grpc/proto-loader';

export interface GetMapStatusesResponse {
  'statuses'?: (_kindling_MapStatus)[];
  /**
   * The tracker's epoch at this lookup; the statuses may be cached until a task
   * arrives with a higher epoch.
   */
  'epoch'?: (number | string | Long);
}

export interface GetMapStatusesResponse__Output {
  'statuses': (_kindling_MapStatus__Output)[];
  /**
   * The tracker's epoch at this lookup; the statuses may be cached until a task
   * arrives with a higher epoch.
   */
  'epoch': (number);
}
