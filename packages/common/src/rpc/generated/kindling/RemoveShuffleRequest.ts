// Original file: kindling.proto


export interface RemoveShuffleRequest {
  'shuffleId'?: (number);
}

export interface RemoveShuffleRequest__Output {
  'shuffleId': (number);
}
