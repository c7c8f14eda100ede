// Original file: kindling.proto


/**
 * Where a cached block is (Spark's BlockManagerMaster.getLocations), so that a
 * task which does not find it locally reads it from an executor that holds it.
 */
export interface GetBlockLocationsRequest {
  /**
   * e.g. rdd_3_0
   */
  'blockId'?: (string);
}

/**
 * Where a cached block is (Spark's BlockManagerMaster.getLocations), so that a
 * task which does not find it locally reads it from an executor that holds it.
 */
export interface GetBlockLocationsRequest__Output {
  /**
   * e.g. rdd_3_0
   */
  'blockId': (string);
}
