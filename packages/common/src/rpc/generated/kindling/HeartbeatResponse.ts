// Original file: kindling.proto


export interface HeartbeatResponse {
  /**
   * The driver does not know this executor (it was marked lost, or the driver
   * restarted): drop the application's state and register again.
   */
  'reregister'?: (boolean);
}

export interface HeartbeatResponse__Output {
  /**
   * The driver does not know this executor (it was marked lost, or the driver
   * restarted): drop the application's state and register again.
   */
  'reregister': (boolean);
}
