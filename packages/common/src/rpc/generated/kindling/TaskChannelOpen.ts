// Original file: kindling.proto


export interface TaskChannelOpen {
  'appId'?: (string);
  'executorId'?: (string);
}

export interface TaskChannelOpen__Output {
  'appId': (string);
  'executorId': (string);
}
