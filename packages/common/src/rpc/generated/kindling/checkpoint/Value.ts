// Original file: checkpoint.proto

import type { ListValue as _kindling_checkpoint_ListValue, ListValue__Output as _kindling_checkpoint_ListValue__Output } from '../../kindling/checkpoint/ListValue.js';
import type { RecordValue as _kindling_checkpoint_RecordValue, RecordValue__Output as _kindling_checkpoint_RecordValue__Output } from '../../kindling/checkpoint/RecordValue.js';

/**
 * Plain data: numbers, strings, bytes, lists and records, as JSON has plus bytes and
 * undefined. Records keep their key order.
 */
export interface Value {
  'undefinedValue'?: (boolean);
  'nullValue'?: (boolean);
  'boolValue'?: (boolean);
  'numberValue'?: (number | string);
  'stringValue'?: (string);
  'bytesValue'?: (Buffer | Uint8Array | string);
  'listValue'?: (_kindling_checkpoint_ListValue | null);
  'recordValue'?: (_kindling_checkpoint_RecordValue | null);
  'kind'?: "undefinedValue"|"nullValue"|"boolValue"|"numberValue"|"stringValue"|"bytesValue"|"listValue"|"recordValue";
}

/**
 * Plain data: numbers, strings, bytes, lists and records, as JSON has plus bytes and
 * undefined. Records keep their key order.
 */
export interface Value__Output {
  'undefinedValue'?: (boolean);
  'nullValue'?: (boolean);
  'boolValue'?: (boolean);
  'numberValue'?: (number);
  'stringValue'?: (string);
  'bytesValue'?: (Buffer);
  'listValue'?: (_kindling_checkpoint_ListValue__Output | null);
  'recordValue'?: (_kindling_checkpoint_RecordValue__Output | null);
  'kind'?: "undefinedValue"|"nullValue"|"boolValue"|"numberValue"|"stringValue"|"bytesValue"|"listValue"|"recordValue";
}
