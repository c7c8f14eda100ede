// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchTaskResultRequest {
  'taskId'?: (number | string | Long);
}

export interface FetchTaskResultRequest__Output {
  'taskId': (number);
}
