// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchTaskPayloadRequest {
  'payloadId'?: (number | string | Long);
}

export interface FetchTaskPayloadRequest__Output {
  'payloadId': (number);
}
