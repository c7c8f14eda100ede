// Original file: checkpoint.proto

import type { Value as _kindling_checkpoint_Value, Value__Output as _kindling_checkpoint_Value__Output } from '../../kindling/checkpoint/Value.js';

export interface RecordField {
  'key'?: (string);
  'value'?: (_kindling_checkpoint_Value | null);
}

export interface RecordField__Output {
  'key': (string);
  'value': (_kindling_checkpoint_Value__Output | null);
}
