// Original file: kindling.proto


export interface GetMapStatusesRequest {
  'shuffleId'?: (number);
}

export interface GetMapStatusesRequest__Output {
  'shuffleId': (number);
}
