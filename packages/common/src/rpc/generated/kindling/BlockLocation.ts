// Original file: kindling.proto


export interface BlockLocation {
  'executorId'?: (string);
  /**
   * host:port of the executor's ExecutorService, for FetchBlock.
   */
  'address'?: (string);
}

export interface BlockLocation__Output {
  'executorId': (string);
  /**
   * host:port of the executor's ExecutorService, for FetchBlock.
   */
  'address': (string);
}
