// Original file: checkpoint.proto

import type { Value as _kindling_checkpoint_Value, Value__Output as _kindling_checkpoint_Value__Output } from '../../kindling/checkpoint/Value.js';

export interface ListValue {
  'values'?: (_kindling_checkpoint_Value)[];
}

export interface ListValue__Output {
  'values': (_kindling_checkpoint_Value__Output)[];
}
