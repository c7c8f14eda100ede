// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchBroadcastRequest {
  'broadcastId'?: (number | string | Long);
}

export interface FetchBroadcastRequest__Output {
  'broadcastId': (number);
}
