import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AccumulatorValue as _kindling_checkpoint_AccumulatorValue, AccumulatorValue__Output as _kindling_checkpoint_AccumulatorValue__Output } from './kindling/checkpoint/AccumulatorValue.js';
import type { BroadcastFile as _kindling_checkpoint_BroadcastFile, BroadcastFile__Output as _kindling_checkpoint_BroadcastFile__Output } from './kindling/checkpoint/BroadcastFile.js';
import type { BundleIdentity as _kindling_checkpoint_BundleIdentity, BundleIdentity__Output as _kindling_checkpoint_BundleIdentity__Output } from './kindling/checkpoint/BundleIdentity.js';
import type { CheckpointFile as _kindling_checkpoint_CheckpointFile, CheckpointFile__Output as _kindling_checkpoint_CheckpointFile__Output } from './kindling/checkpoint/CheckpointFile.js';
import type { ConfPair as _kindling_checkpoint_ConfPair, ConfPair__Output as _kindling_checkpoint_ConfPair__Output } from './kindling/checkpoint/ConfPair.js';
import type { DStreamData as _kindling_checkpoint_DStreamData, DStreamData__Output as _kindling_checkpoint_DStreamData__Output } from './kindling/checkpoint/DStreamData.js';
import type { DStreamGraphData as _kindling_checkpoint_DStreamGraphData, DStreamGraphData__Output as _kindling_checkpoint_DStreamGraphData__Output } from './kindling/checkpoint/DStreamGraphData.js';
import type { ListValue as _kindling_checkpoint_ListValue, ListValue__Output as _kindling_checkpoint_ListValue__Output } from './kindling/checkpoint/ListValue.js';
import type { RddCheckpoint as _kindling_checkpoint_RddCheckpoint, RddCheckpoint__Output as _kindling_checkpoint_RddCheckpoint__Output } from './kindling/checkpoint/RddCheckpoint.js';
import type { RecordField as _kindling_checkpoint_RecordField, RecordField__Output as _kindling_checkpoint_RecordField__Output } from './kindling/checkpoint/RecordField.js';
import type { RecordValue as _kindling_checkpoint_RecordValue, RecordValue__Output as _kindling_checkpoint_RecordValue__Output } from './kindling/checkpoint/RecordValue.js';
import type { StreamingCheckpoint as _kindling_checkpoint_StreamingCheckpoint, StreamingCheckpoint__Output as _kindling_checkpoint_StreamingCheckpoint__Output } from './kindling/checkpoint/StreamingCheckpoint.js';
import type { Value as _kindling_checkpoint_Value, Value__Output as _kindling_checkpoint_Value__Output } from './kindling/checkpoint/Value.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kindling: {
    checkpoint: {
      AccumulatorValue: MessageTypeDefinition<_kindling_checkpoint_AccumulatorValue, _kindling_checkpoint_AccumulatorValue__Output>
      BroadcastFile: MessageTypeDefinition<_kindling_checkpoint_BroadcastFile, _kindling_checkpoint_BroadcastFile__Output>
      BundleIdentity: MessageTypeDefinition<_kindling_checkpoint_BundleIdentity, _kindling_checkpoint_BundleIdentity__Output>
      CheckpointFile: MessageTypeDefinition<_kindling_checkpoint_CheckpointFile, _kindling_checkpoint_CheckpointFile__Output>
      ConfPair: MessageTypeDefinition<_kindling_checkpoint_ConfPair, _kindling_checkpoint_ConfPair__Output>
      DStreamData: MessageTypeDefinition<_kindling_checkpoint_DStreamData, _kindling_checkpoint_DStreamData__Output>
      DStreamGraphData: MessageTypeDefinition<_kindling_checkpoint_DStreamGraphData, _kindling_checkpoint_DStreamGraphData__Output>
      ListValue: MessageTypeDefinition<_kindling_checkpoint_ListValue, _kindling_checkpoint_ListValue__Output>
      RddCheckpoint: MessageTypeDefinition<_kindling_checkpoint_RddCheckpoint, _kindling_checkpoint_RddCheckpoint__Output>
      RecordField: MessageTypeDefinition<_kindling_checkpoint_RecordField, _kindling_checkpoint_RecordField__Output>
      RecordValue: MessageTypeDefinition<_kindling_checkpoint_RecordValue, _kindling_checkpoint_RecordValue__Output>
      StreamingCheckpoint: MessageTypeDefinition<_kindling_checkpoint_StreamingCheckpoint, _kindling_checkpoint_StreamingCheckpoint__Output>
      Value: MessageTypeDefinition<_kindling_checkpoint_Value, _kindling_checkpoint_Value__Output>
    }
  }
}

