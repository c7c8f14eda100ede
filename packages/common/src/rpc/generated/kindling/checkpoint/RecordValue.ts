// Original file: checkpoint.proto

import type { RecordField as _kindling_checkpoint_RecordField, RecordField__Output as _kindling_checkpoint_RecordField__Output } from '../../kindling/checkpoint/RecordField.js';

export interface RecordValue {
  'fields'?: (_kindling_checkpoint_RecordField)[];
}

export interface RecordValue__Output {
  'fields': (_kindling_checkpoint_RecordField__Output)[];
}
