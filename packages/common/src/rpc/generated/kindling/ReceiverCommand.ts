// Original file: kindling.proto


/**
 * The tracker's answer to every report: stop now, and the current rate limit.
 */
export interface ReceiverCommand {
  'stop'?: (boolean);
  /**
   * Records per second the receiver may store; 0 means no limit.
   */
  'rateLimit'?: (number | string);
}

/**
 * The tracker's answer to every report: stop now, and the current rate limit.
 */
export interface ReceiverCommand__Output {
  'stop': (boolean);
  /**
   * Records per second the receiver may store; 0 means no limit.
   */
  'rateLimit': (number);
}
