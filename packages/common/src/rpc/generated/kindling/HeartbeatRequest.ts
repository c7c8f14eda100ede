// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'executorId'?: (string);
  'runningTaskIds'?: (number | string | Long)[];
  /**
   * The executor's task threads are up, so it can run tasks. Heartbeats start at
   * registration (liveness); one goes out at once when this turns true. A local[N]
   * driver counts an executor as started at its first heartbeat that says so.
   */
  'taskRunnerReady'?: (boolean);
}

export interface HeartbeatRequest__Output {
  'executorId': (string);
  'runningTaskIds': (number)[];
  /**
   * The executor's task threads are up, so it can run tasks. Heartbeats start at
   * registration (liveness); one goes out at once when this turns true. A local[N]
   * driver counts an executor as started at its first heartbeat that says so.
   */
  'taskRunnerReady': (boolean);
}
