// Original file: kindling.proto


/**
 * A cached block, as the framed record stream its disk copy would hold; NOT_FOUND
 * when the executor does not hold it (evicted, or never stored).
 */
export interface FetchBlockRequest {
  'blockId'?: (string);
}

/**
 * A cached block, as the framed record stream its disk copy would hold; NOT_FOUND
 * when the executor does not hold it (evicted, or never stored).
 */
export interface FetchBlockRequest__Output {
  'blockId': (string);
}
