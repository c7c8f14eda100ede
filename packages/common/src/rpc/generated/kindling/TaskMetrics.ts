// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface TaskMetrics {
  'executorRunTimeMs'?: (number | string);
  'recordsRead'?: (number | string | Long);
  'recordsWritten'?: (number | string | Long);
  'shuffleBytesWritten'?: (number | string | Long);
  'shuffleBytesRead'?: (number | string | Long);
  /**
   * Bytes the task's spilling collections wrote to disk (Spark's diskBytesSpilled).
   */
  'diskBytesSpilled'?: (number | string | Long);
}

export interface TaskMetrics__Output {
  'executorRunTimeMs': (number);
  'recordsRead': (number);
  'recordsWritten': (number);
  'shuffleBytesWritten': (number);
  'shuffleBytesRead': (number);
  /**
   * Bytes the task's spilling collections wrote to disk (Spark's diskBytesSpilled).
   */
  'diskBytesSpilled': (number);
}
