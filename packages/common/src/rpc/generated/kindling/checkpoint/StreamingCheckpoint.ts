// Original file: checkpoint.proto

import type { BundleIdentity as _kindling_checkpoint_BundleIdentity, BundleIdentity__Output as _kindling_checkpoint_BundleIdentity__Output } from '../../kindling/checkpoint/BundleIdentity.js';
import type { DStreamGraphData as _kindling_checkpoint_DStreamGraphData, DStreamGraphData__Output as _kindling_checkpoint_DStreamGraphData__Output } from '../../kindling/checkpoint/DStreamGraphData.js';
import type { ConfPair as _kindling_checkpoint_ConfPair, ConfPair__Output as _kindling_checkpoint_ConfPair__Output } from '../../kindling/checkpoint/ConfPair.js';
import type { Long } from '@grpc/proto-loader';

export interface StreamingCheckpoint {
  'master'?: (string);
  'appName'?: (string);
  'appId'?: (string);
  /**
   * The job bundle the graph's function references resolve against.
   */
  'bundle'?: (_kindling_checkpoint_BundleIdentity | null);
  'graph'?: (_kindling_checkpoint_DStreamGraphData | null);
  'checkpointDir'?: (string);
  /**
   * The context's checkpoint interval (0: the batch interval).
   */
  'checkpointDurationMs'?: (number | string | Long);
  /**
   * Batches generated and not yet completed when this was written.
   */
  'pendingTimes'?: (number | string | Long)[];
  /**
   * Every configuration pair of the application.
   */
  'conf'?: (_kindling_checkpoint_ConfPair)[];
  /**
   * The batch time this checkpoint is for.
   */
  'checkpointTime'?: (number | string | Long);
  'kindlingVersion'?: (string);
  /**
   * When it was written (epoch ms), for `kindling checkpoint inspect`.
   */
  'writtenAt'?: (number | string | Long);
  /**
   * The newest batch whose jobs had been generated when this was written: every batch
   * up to it that is not pending had completed, so a restart never runs it again
   * (SPARK-12122); later batches never ran and are all rescheduled.
   */
  'lastGeneratedTime'?: (number | string | Long);
  /**
   * The application attempt that wrote this checkpoint ("" for the first): a driver
   * recovered from it keeps `app_id` and shows as the next attempt in the UI and
   * event log (Spark's attempt model), so a kill and its recovery share one history.
   */
  'appAttemptId'?: (string);
}

export interface StreamingCheckpoint__Output {
  'master': (string);
  'appName': (string);
  'appId': (string);
  /**
   * The job bundle the graph's function references resolve against.
   */
  'bundle': (_kindling_checkpoint_BundleIdentity__Output | null);
  'graph': (_kindling_checkpoint_DStreamGraphData__Output | null);
  'checkpointDir': (string);
  /**
   * The context's checkpoint interval (0: the batch interval).
   */
  'checkpointDurationMs': (number);
  /**
   * Batches generated and not yet completed when this was written.
   */
  'pendingTimes': (number)[];
  /**
   * Every configuration pair of the application.
   */
  'conf': (_kindling_checkpoint_ConfPair__Output)[];
  /**
   * The batch time this checkpoint is for.
   */
  'checkpointTime': (number);
  'kindlingVersion': (string);
  /**
   * When it was written (epoch ms), for `kindling checkpoint inspect`.
   */
  'writtenAt': (number);
  /**
   * The newest batch whose jobs had been generated when this was written: every batch
   * up to it that is not pending had completed, so a restart never runs it again
   * (SPARK-12122); later batches never ran and are all rescheduled.
   */
  'lastGeneratedTime': (number);
  /**
   * The application attempt that wrote this checkpoint ("" for the first): a driver
   * recovered from it keeps `app_id` and shows as the next attempt in the UI and
   * event log (Spark's attempt model), so a kill and its recovery share one history.
   */
  'appAttemptId': (string);
}
