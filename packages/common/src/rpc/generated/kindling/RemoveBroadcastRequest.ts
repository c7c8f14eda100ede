// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface RemoveBroadcastRequest {
  'broadcastId'?: (number | string | Long);
}

export interface RemoveBroadcastRequest__Output {
  'broadcastId': (number);
}
