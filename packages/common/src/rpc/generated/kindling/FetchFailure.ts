// Original file: kindling.proto


export interface FetchFailure {
  'shuffleId'?: (number);
  'mapId'?: (number);
  'reduceId'?: (number);
  'executorId'?: (string);
}

export interface FetchFailure__Output {
  'shuffleId': (number);
  'mapId': (number);
  'reduceId': (number);
  'executorId': (string);
}
