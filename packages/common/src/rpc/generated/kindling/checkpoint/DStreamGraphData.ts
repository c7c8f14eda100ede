// Original file: checkpoint.proto

import type { DStreamData as _kindling_checkpoint_DStreamData, DStreamData__Output as _kindling_checkpoint_DStreamData__Output } from '../../kindling/checkpoint/DStreamData.js';
import type { Long } from '@grpc/proto-loader';

export interface DStreamGraphData {
  'batchDurationMs'?: (number | string | Long);
  'zeroTime'?: (number | string | Long);
  /**
   * Set by ssc.remember(); 0 when not.
   */
  'rememberDurationMs'?: (number | string | Long);
  /**
   * Every stream reachable from the outputs, parents before children.
   */
  'streams'?: (_kindling_checkpoint_DStreamData)[];
  /**
   * Output streams in registration order (the order of a batch's jobs).
   */
  'outputStreamIds'?: (number)[];
}

export interface DStreamGraphData__Output {
  'batchDurationMs': (number);
  'zeroTime': (number);
  /**
   * Set by ssc.remember(); 0 when not.
   */
  'rememberDurationMs': (number);
  /**
   * Every stream reachable from the outputs, parents before children.
   */
  'streams': (_kindling_checkpoint_DStreamData__Output)[];
  /**
   * Output streams in registration order (the order of a batch's jobs).
   */
  'outputStreamIds': (number)[];
}
