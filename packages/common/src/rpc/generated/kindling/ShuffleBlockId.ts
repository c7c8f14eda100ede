// Original file: kindling.proto


export interface ShuffleBlockId {
  'shuffleId'?: (number);
  'mapId'?: (number);
  'reduceId'?: (number);
}

export interface ShuffleBlockId__Output {
  'shuffleId': (number);
  'mapId': (number);
  'reduceId': (number);
}
