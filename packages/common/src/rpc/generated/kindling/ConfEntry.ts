// Original file: kindling.proto


export interface ConfEntry {
  'key'?: (string);
  'value'?: (string);
}

export interface ConfEntry__Output {
  'key': (string);
  'value': (string);
}
