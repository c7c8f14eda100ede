// Original file: checkpoint.proto

import type { Long } from '@grpc/proto-loader';

export interface RddCheckpoint {
  'time'?: (number | string | Long);
  'path'?: (string);
}

export interface RddCheckpoint__Output {
  'time': (number);
  'path': (string);
}
