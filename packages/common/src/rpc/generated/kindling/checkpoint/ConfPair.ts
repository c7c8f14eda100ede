// Original file: checkpoint.proto


export interface ConfPair {
  'key'?: (string);
  'value'?: (string);
}

export interface ConfPair__Output {
  'key': (string);
  'value': (string);
}
