// Original file: kindling.proto


export interface RemoveRddRequest {
  'rddId'?: (number);
}

export interface RemoveRddRequest__Output {
  'rddId': (number);
}
