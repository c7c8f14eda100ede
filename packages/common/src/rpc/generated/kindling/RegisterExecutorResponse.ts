// Original file: kindling.proto

import type { ConfEntry as _kindling_ConfEntry, ConfEntry__Output as _kindling_ConfEntry__Output } from '../kindling/ConfEntry.js';
import type { Long } from '@grpc/proto-loader';

export interface RegisterExecutorResponse {
  'appId'?: (string);
  'executorId'?: (string);
  /**
   * host:port under which other executors and the driver reach this executor.
   */
  'address'?: (string);
  'heartbeatIntervalMs'?: (number | string | Long);
  /**
   * The application's configuration (secrets and key files removed).
   */
  'conf'?: (_kindling_ConfEntry)[];
}

export interface RegisterExecutorResponse__Output {
  'appId': (string);
  'executorId': (string);
  /**
   * host:port under which other executors and the driver reach this executor.
   */
  'address': (string);
  'heartbeatIntervalMs': (number);
  /**
   * The application's configuration (secrets and key files removed).
   */
  'conf': (_kindling_ConfEntry__Output)[];
}
