// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'executorId'?: (string);
  'runningTaskIds'?: (number | string | Long)[];
}

export interface HeartbeatRequest__Output {
  'executorId': (string);
  'runningTaskIds': (number)[];
}
