// Original file: kindling.proto

import type { Long } from '@grpc/proto-loader';

export interface TaskDescription {
  'taskId'?: (number | string | Long);
  'jobId'?: (number);
  'stageId'?: (number);
  'stageAttemptId'?: (number);
  'partitionId'?: (number);
  'attemptNumber'?: (number);
  'appId'?: (string);
  'bundleSha256'?: (string);
  /**
   * Names the serialized task (one payload per stage, shared by its tasks): the
   * driver sends each payload's bytes to an executor once, with the first task that
   * needs it, and afterwards only this id.
   */
  'payloadId'?: (number | string | Long);
  /**
   * The payload's bytes: set the first time this executor sees payload_id, unless
   * larger than the inline limit (1 MiB); when empty and the executor does not hold
   * the payload, it downloads it with DriverService.FetchTaskPayload(payload_id).
   */
  'payload'?: (Buffer | Uint8Array | string);
  'payloadSize'?: (number | string | Long);
  /**
   * The MapOutputTracker's epoch when the task was launched: it grows whenever map
   * outputs are lost, and an executor drops map statuses it cached at a lower epoch
   * (Spark's MapOutputTrackerWorker.updateEpoch).
   */
  'epoch'?: (number | string | Long);
}

export interface TaskDescription__Output {
  'taskId': (number);
  'jobId': (number);
  'stageId': (number);
  'stageAttemptId': (number);
  'partitionId': (number);
  'attemptNumber': (number);
  'appId': (string);
  'bundleSha256': (string);
  /**
   * Names the serialized task (one payload per stage, shared by its tasks): the
   * driver sends each payload's bytes to an executor once, with the first task that
   * needs it, and afterwards only this id.
   */
  'payloadId': (number);
  /**
   * The payload's bytes: set the first time this executor sees payload_id, unless
   * larger than the inline limit (1 MiB); when empty and the executor does not hold
   * the payload, it downloads it with DriverService.FetchTaskPayload(payload_id).
   */
  'payload': (Buffer);
  'payloadSize': (number);
  /**
   * The MapOutputTracker's epoch when the task was launched: it grows whenever map
   * outputs are lost, and an executor drops map statuses it cached at a lower epoch
   * (Spark's MapOutputTrackerWorker.updateEpoch).
   */
  'epoch': (number);
}
