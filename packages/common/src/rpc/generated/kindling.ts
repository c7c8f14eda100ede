import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AccumulatorUpdate as _kindling_AccumulatorUpdate, AccumulatorUpdate__Output as _kindling_AccumulatorUpdate__Output } from './kindling/AccumulatorUpdate.js';
import type { Ack as _kindling_Ack, Ack__Output as _kindling_Ack__Output } from './kindling/Ack.js';
import type { BlockLocation as _kindling_BlockLocation, BlockLocation__Output as _kindling_BlockLocation__Output } from './kindling/BlockLocation.js';
import type { BundleChunk as _kindling_BundleChunk, BundleChunk__Output as _kindling_BundleChunk__Output } from './kindling/BundleChunk.js';
import type { Chunk as _kindling_Chunk, Chunk__Output as _kindling_Chunk__Output } from './kindling/Chunk.js';
import type { ConfEntry as _kindling_ConfEntry, ConfEntry__Output as _kindling_ConfEntry__Output } from './kindling/ConfEntry.js';
import type { DownloadBundleRequest as _kindling_DownloadBundleRequest, DownloadBundleRequest__Output as _kindling_DownloadBundleRequest__Output } from './kindling/DownloadBundleRequest.js';
import type { DriverServiceClient as _kindling_DriverServiceClient, DriverServiceDefinition as _kindling_DriverServiceDefinition } from './kindling/DriverService.js';
import type { ExecutorServiceClient as _kindling_ExecutorServiceClient, ExecutorServiceDefinition as _kindling_ExecutorServiceDefinition } from './kindling/ExecutorService.js';
import type { FetchBlockRequest as _kindling_FetchBlockRequest, FetchBlockRequest__Output as _kindling_FetchBlockRequest__Output } from './kindling/FetchBlockRequest.js';
import type { FetchBroadcastRequest as _kindling_FetchBroadcastRequest, FetchBroadcastRequest__Output as _kindling_FetchBroadcastRequest__Output } from './kindling/FetchBroadcastRequest.js';
import type { FetchFailure as _kindling_FetchFailure, FetchFailure__Output as _kindling_FetchFailure__Output } from './kindling/FetchFailure.js';
import type { FetchShuffleBlocksRequest as _kindling_FetchShuffleBlocksRequest, FetchShuffleBlocksRequest__Output as _kindling_FetchShuffleBlocksRequest__Output } from './kindling/FetchShuffleBlocksRequest.js';
import type { FetchTaskPayloadRequest as _kindling_FetchTaskPayloadRequest, FetchTaskPayloadRequest__Output as _kindling_FetchTaskPayloadRequest__Output } from './kindling/FetchTaskPayloadRequest.js';
import type { FetchTaskResultRequest as _kindling_FetchTaskResultRequest, FetchTaskResultRequest__Output as _kindling_FetchTaskResultRequest__Output } from './kindling/FetchTaskResultRequest.js';
import type { GetBlockLocationsRequest as _kindling_GetBlockLocationsRequest, GetBlockLocationsRequest__Output as _kindling_GetBlockLocationsRequest__Output } from './kindling/GetBlockLocationsRequest.js';
import type { GetBlockLocationsResponse as _kindling_GetBlockLocationsResponse, GetBlockLocationsResponse__Output as _kindling_GetBlockLocationsResponse__Output } from './kindling/GetBlockLocationsResponse.js';
import type { GetMapStatusesRequest as _kindling_GetMapStatusesRequest, GetMapStatusesRequest__Output as _kindling_GetMapStatusesRequest__Output } from './kindling/GetMapStatusesRequest.js';
import type { GetMapStatusesResponse as _kindling_GetMapStatusesResponse, GetMapStatusesResponse__Output as _kindling_GetMapStatusesResponse__Output } from './kindling/GetMapStatusesResponse.js';
import type { HeartbeatRequest as _kindling_HeartbeatRequest, HeartbeatRequest__Output as _kindling_HeartbeatRequest__Output } from './kindling/HeartbeatRequest.js';
import type { HeartbeatResponse as _kindling_HeartbeatResponse, HeartbeatResponse__Output as _kindling_HeartbeatResponse__Output } from './kindling/HeartbeatResponse.js';
import type { KillTaskRequest as _kindling_KillTaskRequest, KillTaskRequest__Output as _kindling_KillTaskRequest__Output } from './kindling/KillTaskRequest.js';
import type { LaunchTasksRequest as _kindling_LaunchTasksRequest, LaunchTasksRequest__Output as _kindling_LaunchTasksRequest__Output } from './kindling/LaunchTasksRequest.js';
import type { MapStatus as _kindling_MapStatus, MapStatus__Output as _kindling_MapStatus__Output } from './kindling/MapStatus.js';
import type { ReceiverCommand as _kindling_ReceiverCommand, ReceiverCommand__Output as _kindling_ReceiverCommand__Output } from './kindling/ReceiverCommand.js';
import type { ReceiverReport as _kindling_ReceiverReport, ReceiverReport__Output as _kindling_ReceiverReport__Output } from './kindling/ReceiverReport.js';
import type { RegisterExecutorRequest as _kindling_RegisterExecutorRequest, RegisterExecutorRequest__Output as _kindling_RegisterExecutorRequest__Output } from './kindling/RegisterExecutorRequest.js';
import type { RegisterExecutorResponse as _kindling_RegisterExecutorResponse, RegisterExecutorResponse__Output as _kindling_RegisterExecutorResponse__Output } from './kindling/RegisterExecutorResponse.js';
import type { RemoveBroadcastRequest as _kindling_RemoveBroadcastRequest, RemoveBroadcastRequest__Output as _kindling_RemoveBroadcastRequest__Output } from './kindling/RemoveBroadcastRequest.js';
import type { RemoveRddRequest as _kindling_RemoveRddRequest, RemoveRddRequest__Output as _kindling_RemoveRddRequest__Output } from './kindling/RemoveRddRequest.js';
import type { RemoveShuffleRequest as _kindling_RemoveShuffleRequest, RemoveShuffleRequest__Output as _kindling_RemoveShuffleRequest__Output } from './kindling/RemoveShuffleRequest.js';
import type { ShuffleBlockChunk as _kindling_ShuffleBlockChunk, ShuffleBlockChunk__Output as _kindling_ShuffleBlockChunk__Output } from './kindling/ShuffleBlockChunk.js';
import type { ShuffleBlockId as _kindling_ShuffleBlockId, ShuffleBlockId__Output as _kindling_ShuffleBlockId__Output } from './kindling/ShuffleBlockId.js';
import type { ShutdownRequest as _kindling_ShutdownRequest, ShutdownRequest__Output as _kindling_ShutdownRequest__Output } from './kindling/ShutdownRequest.js';
import type { StatusUpdateBatch as _kindling_StatusUpdateBatch, StatusUpdateBatch__Output as _kindling_StatusUpdateBatch__Output } from './kindling/StatusUpdateBatch.js';
import type { TaskBatch as _kindling_TaskBatch, TaskBatch__Output as _kindling_TaskBatch__Output } from './kindling/TaskBatch.js';
import type { TaskChannelOpen as _kindling_TaskChannelOpen, TaskChannelOpen__Output as _kindling_TaskChannelOpen__Output } from './kindling/TaskChannelOpen.js';
import type { TaskDescription as _kindling_TaskDescription, TaskDescription__Output as _kindling_TaskDescription__Output } from './kindling/TaskDescription.js';
import type { TaskFailure as _kindling_TaskFailure, TaskFailure__Output as _kindling_TaskFailure__Output } from './kindling/TaskFailure.js';
import type { TaskMetrics as _kindling_TaskMetrics, TaskMetrics__Output as _kindling_TaskMetrics__Output } from './kindling/TaskMetrics.js';
import type { TaskStatus as _kindling_TaskStatus, TaskStatus__Output as _kindling_TaskStatus__Output } from './kindling/TaskStatus.js';
import type { TaskSuccess as _kindling_TaskSuccess, TaskSuccess__Output as _kindling_TaskSuccess__Output } from './kindling/TaskSuccess.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kindling: {
    AccumulatorUpdate: MessageTypeDefinition<_kindling_AccumulatorUpdate, _kindling_AccumulatorUpdate__Output>
    Ack: MessageTypeDefinition<_kindling_Ack, _kindling_Ack__Output>
    BlockLocation: MessageTypeDefinition<_kindling_BlockLocation, _kindling_BlockLocation__Output>
    BundleChunk: MessageTypeDefinition<_kindling_BundleChunk, _kindling_BundleChunk__Output>
    Chunk: MessageTypeDefinition<_kindling_Chunk, _kindling_Chunk__Output>
    ConfEntry: MessageTypeDefinition<_kindling_ConfEntry, _kindling_ConfEntry__Output>
    DownloadBundleRequest: MessageTypeDefinition<_kindling_DownloadBundleRequest, _kindling_DownloadBundleRequest__Output>
    /**
     * Served by the driver; called by executors.
     */
    DriverService: SubtypeConstructor<typeof grpc.Client, _kindling_DriverServiceClient> & { service: _kindling_DriverServiceDefinition }
    /**
     * Served by each executor; called by the driver (tasks, cleanup) and by other
     * executors (shuffle blocks).
     */
    ExecutorService: SubtypeConstructor<typeof grpc.Client, _kindling_ExecutorServiceClient> & { service: _kindling_ExecutorServiceDefinition }
    FetchBlockRequest: MessageTypeDefinition<_kindling_FetchBlockRequest, _kindling_FetchBlockRequest__Output>
    FetchBroadcastRequest: MessageTypeDefinition<_kindling_FetchBroadcastRequest, _kindling_FetchBroadcastRequest__Output>
    FetchFailure: MessageTypeDefinition<_kindling_FetchFailure, _kindling_FetchFailure__Output>
    FetchShuffleBlocksRequest: MessageTypeDefinition<_kindling_FetchShuffleBlocksRequest, _kindling_FetchShuffleBlocksRequest__Output>
    FetchTaskPayloadRequest: MessageTypeDefinition<_kindling_FetchTaskPayloadRequest, _kindling_FetchTaskPayloadRequest__Output>
    FetchTaskResultRequest: MessageTypeDefinition<_kindling_FetchTaskResultRequest, _kindling_FetchTaskResultRequest__Output>
    GetBlockLocationsRequest: MessageTypeDefinition<_kindling_GetBlockLocationsRequest, _kindling_GetBlockLocationsRequest__Output>
    GetBlockLocationsResponse: MessageTypeDefinition<_kindling_GetBlockLocationsResponse, _kindling_GetBlockLocationsResponse__Output>
    GetMapStatusesRequest: MessageTypeDefinition<_kindling_GetMapStatusesRequest, _kindling_GetMapStatusesRequest__Output>
    GetMapStatusesResponse: MessageTypeDefinition<_kindling_GetMapStatusesResponse, _kindling_GetMapStatusesResponse__Output>
    HeartbeatRequest: MessageTypeDefinition<_kindling_HeartbeatRequest, _kindling_HeartbeatRequest__Output>
    HeartbeatResponse: MessageTypeDefinition<_kindling_HeartbeatResponse, _kindling_HeartbeatResponse__Output>
    KillTaskRequest: MessageTypeDefinition<_kindling_KillTaskRequest, _kindling_KillTaskRequest__Output>
    LaunchTasksRequest: MessageTypeDefinition<_kindling_LaunchTasksRequest, _kindling_LaunchTasksRequest__Output>
    MapStatus: MessageTypeDefinition<_kindling_MapStatus, _kindling_MapStatus__Output>
    ReceiverCommand: MessageTypeDefinition<_kindling_ReceiverCommand, _kindling_ReceiverCommand__Output>
    ReceiverReport: MessageTypeDefinition<_kindling_ReceiverReport, _kindling_ReceiverReport__Output>
    RegisterExecutorRequest: MessageTypeDefinition<_kindling_RegisterExecutorRequest, _kindling_RegisterExecutorRequest__Output>
    RegisterExecutorResponse: MessageTypeDefinition<_kindling_RegisterExecutorResponse, _kindling_RegisterExecutorResponse__Output>
    RemoveBroadcastRequest: MessageTypeDefinition<_kindling_RemoveBroadcastRequest, _kindling_RemoveBroadcastRequest__Output>
    RemoveRddRequest: MessageTypeDefinition<_kindling_RemoveRddRequest, _kindling_RemoveRddRequest__Output>
    RemoveShuffleRequest: MessageTypeDefinition<_kindling_RemoveShuffleRequest, _kindling_RemoveShuffleRequest__Output>
    ShuffleBlockChunk: MessageTypeDefinition<_kindling_ShuffleBlockChunk, _kindling_ShuffleBlockChunk__Output>
    ShuffleBlockId: MessageTypeDefinition<_kindling_ShuffleBlockId, _kindling_ShuffleBlockId__Output>
    ShutdownRequest: MessageTypeDefinition<_kindling_ShutdownRequest, _kindling_ShutdownRequest__Output>
    StatusUpdateBatch: MessageTypeDefinition<_kindling_StatusUpdateBatch, _kindling_StatusUpdateBatch__Output>
    TaskBatch: MessageTypeDefinition<_kindling_TaskBatch, _kindling_TaskBatch__Output>
    TaskChannelOpen: MessageTypeDefinition<_kindling_TaskChannelOpen, _kindling_TaskChannelOpen__Output>
    TaskDescription: MessageTypeDefinition<_kindling_TaskDescription, _kindling_TaskDescription__Output>
    TaskFailure: MessageTypeDefinition<_kindling_TaskFailure, _kindling_TaskFailure__Output>
    TaskMetrics: MessageTypeDefinition<_kindling_TaskMetrics, _kindling_TaskMetrics__Output>
    TaskStatus: MessageTypeDefinition<_kindling_TaskStatus, _kindling_TaskStatus__Output>
    TaskSuccess: MessageTypeDefinition<_kindling_TaskSuccess, _kindling_TaskSuccess__Output>
  }
}

