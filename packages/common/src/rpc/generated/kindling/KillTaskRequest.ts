// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface KillTaskRequest {
  'taskId'?: (number | string | Long);
  'reason'?: (string);
}

export interface KillTaskRequest__Output {
  'taskId': (number);
  'reason': (string);
}
