// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface TaskMetrics {
  'executorRunTimeMs'?: (number | string);
  'recordsRead'?: (number | string | Long);
  'recordsWritten'?: (number | string | Long);
  'shuffleBytesWritten'?: (number | string | Long);
  'shuffleBytesRead'?: (number | string | Long);
}

export interface TaskMetrics__Output {
  'executorRunTimeMs': (number);
  'recordsRead': (number);
  'recordsWritten': (number);
  'shuffleBytesWritten': (number);
  'shuffleBytesRead': (number);
}
