// The generated message and service types other packages use, under the names they
// use them by. Messages that share a name with the task contract (TaskDescription,
// MapStatus, …) are prefixed `Wire`.
export type { DriverServiceClient, DriverServiceHandlers } from './generated/kindling/DriverService.js';
export type { ExecutorServiceClient, ExecutorServiceHandlers } from './generated/kindling/ExecutorService.js';
export type { Ack, Ack__Output } from './generated/kindling/Ack.js';
export type { BundleChunk, BundleChunk__Output } from './generated/kindling/BundleChunk.js';
export type { Chunk, Chunk__Output } from './generated/kindling/Chunk.js';
export type { ConfEntry, ConfEntry__Output } from './generated/kindling/ConfEntry.js';
export type { DownloadBundleRequest, DownloadBundleRequest__Output } from './generated/kindling/DownloadBundleRequest.js';
export type { FetchShuffleBlocksRequest, FetchShuffleBlocksRequest__Output } from './generated/kindling/FetchShuffleBlocksRequest.js';
export type { FetchTaskPayloadRequest, FetchTaskPayloadRequest__Output } from './generated/kindling/FetchTaskPayloadRequest.js';
export type { FetchTaskResultRequest, FetchTaskResultRequest__Output } from './generated/kindling/FetchTaskResultRequest.js';
export type { GetMapStatusesRequest, GetMapStatusesRequest__Output } from './generated/kindling/GetMapStatusesRequest.js';
export type { GetMapStatusesResponse, GetMapStatusesResponse__Output } from './generated/kindling/GetMapStatusesResponse.js';
export type { GetBlockLocationsResponse, GetBlockLocationsResponse__Output } from './generated/kindling/GetBlockLocationsResponse.js';
export type { HeartbeatRequest, HeartbeatRequest__Output } from './generated/kindling/HeartbeatRequest.js';
export type { HeartbeatResponse, HeartbeatResponse__Output } from './generated/kindling/HeartbeatResponse.js';
export type { KillTaskRequest, KillTaskRequest__Output } from './generated/kindling/KillTaskRequest.js';
export type { LaunchTasksRequest, LaunchTasksRequest__Output } from './generated/kindling/LaunchTasksRequest.js';
export type { ReceiverCommand, ReceiverCommand__Output } from './generated/kindling/ReceiverCommand.js';
export type { ReceiverReport, ReceiverReport__Output } from './generated/kindling/ReceiverReport.js';
export type { RegisterExecutorRequest, RegisterExecutorRequest__Output } from './generated/kindling/RegisterExecutorRequest.js';
export type { RegisterExecutorResponse, RegisterExecutorResponse__Output } from './generated/kindling/RegisterExecutorResponse.js';
export type { RemoveBroadcastRequest, RemoveBroadcastRequest__Output } from './generated/kindling/RemoveBroadcastRequest.js';
export type { RemoveRddRequest, RemoveRddRequest__Output } from './generated/kindling/RemoveRddRequest.js';
export type { RemoveShuffleRequest, RemoveShuffleRequest__Output } from './generated/kindling/RemoveShuffleRequest.js';
export type { ShuffleBlockChunk, ShuffleBlockChunk__Output } from './generated/kindling/ShuffleBlockChunk.js';
export type { ShuffleBlockId, ShuffleBlockId__Output } from './generated/kindling/ShuffleBlockId.js';
export type { ShutdownRequest, ShutdownRequest__Output } from './generated/kindling/ShutdownRequest.js';
export type { StatusUpdateBatch, StatusUpdateBatch__Output } from './generated/kindling/StatusUpdateBatch.js';
export type { TaskBatch, TaskBatch__Output } from './generated/kindling/TaskBatch.js';
export type { TaskChannelOpen, TaskChannelOpen__Output } from './generated/kindling/TaskChannelOpen.js';
export type { TaskStatus, TaskStatus__Output } from './generated/kindling/TaskStatus.js';
export type {
  TaskDescription as WireTaskDescription,
  TaskDescription__Output as WireTaskDescription__Output,
} from './generated/kindling/TaskDescription.js';
export type { MapStatus as WireMapStatus, MapStatus__Output as WireMapStatus__Output } from './generated/kindling/MapStatus.js';
// The streaming metadata checkpoint (proto/checkpoint.proto).
export type { StreamingCheckpoint, StreamingCheckpoint__Output } from './generated/kindling/checkpoint/StreamingCheckpoint.js';
export type { DStreamGraphData, DStreamGraphData__Output } from './generated/kindling/checkpoint/DStreamGraphData.js';
export type { DStreamData, DStreamData__Output } from './generated/kindling/checkpoint/DStreamData.js';
export type { Value as CheckpointValue, Value__Output as CheckpointValue__Output } from './generated/kindling/checkpoint/Value.js';
export type { BroadcastFile as CheckpointBroadcastFile, BroadcastFile__Output as CheckpointBroadcastFile__Output } from './generated/kindling/checkpoint/BroadcastFile.js';
export type { AccumulatorValue as CheckpointAccumulatorValue, AccumulatorValue__Output as CheckpointAccumulatorValue__Output } from './generated/kindling/checkpoint/AccumulatorValue.js';
