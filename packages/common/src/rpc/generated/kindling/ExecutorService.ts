// Original file: kindling.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Ack as _kindling_Ack, Ack__Output as _kindling_Ack__Output } from '../kindling/Ack.js';
import type { Chunk as _kindling_Chunk, Chunk__Output as _kindling_Chunk__Output } from '../kindling/Chunk.js';
import type { FetchBlockRequest as _kindling_FetchBlockRequest, FetchBlockRequest__Output as _kindling_FetchBlockRequest__Output } from '../kindling/FetchBlockRequest.js';
import type { FetchShuffleBlocksRequest as _kindling_FetchShuffleBlocksRequest, FetchShuffleBlocksRequest__Output as _kindling_FetchShuffleBlocksRequest__Output } from '../kindling/FetchShuffleBlocksRequest.js';
import type { FetchTaskResultRequest as _kindling_FetchTaskResultRequest, FetchTaskResultRequest__Output as _kindling_FetchTaskResultRequest__Output } from '../kindling/FetchTaskResultRequest.js';
import type { KillTaskRequest as _kindling_KillTaskRequest, KillTaskRequest__Output as _kindling_KillTaskRequest__Output } from '../kindling/KillTaskRequest.js';
import type { LaunchTasksRequest as _kindling_LaunchTasksRequest, LaunchTasksRequest__Output as _kindling_LaunchTasksRequest__Output } from '../kindling/LaunchTasksRequest.js';
import type { RemoveBroadcastRequest as _kindling_RemoveBroadcastRequest, RemoveBroadcastRequest__Output as _kindling_RemoveBroadcastRequest__Output } from '../kindling/RemoveBroadcastRequest.js';
import type { RemoveRddRequest as _kindling_RemoveRddRequest, RemoveRddRequest__Output as _kindling_RemoveRddRequest__Output } from '../kindling/RemoveRddRequest.js';
import type { RemoveShuffleRequest as _kindling_RemoveShuffleRequest, RemoveShuffleRequest__Output as _kindling_RemoveShuffleRequest__Output } from '../kindling/RemoveShuffleRequest.js';
import type { ShuffleBlockChunk as _kindling_ShuffleBlockChunk, ShuffleBlockChunk__Output as _kindling_ShuffleBlockChunk__Output } from '../kindling/ShuffleBlockChunk.js';
import type { ShutdownRequest as _kindling_ShutdownRequest, ShutdownRequest__Output as _kindling_ShutdownRequest__Output } from '../kindling/ShutdownRequest.js';
import type { StatusUpdateBatch as _kindling_StatusUpdateBatch, StatusUpdateBatch__Output as _kindling_StatusUpdateBatch__Output } from '../kindling/StatusUpdateBatch.js';

/**
 * Served by each executor; called by the driver (tasks, cleanup) and by other
 * executors (shuffle blocks).
 */
export interface ExecutorServiceClient extends grpc.Client {
  /**
   * A cached RDD block this executor holds (remote block read; Spark's getRemoteBytes).
   */
  FetchBlock(argument: _kindling_FetchBlockRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  FetchBlock(argument: _kindling_FetchBlockRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  /**
   * A cached RDD block this executor holds (remote block read; Spark's getRemoteBytes).
   */
  fetchBlock(argument: _kindling_FetchBlockRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  fetchBlock(argument: _kindling_FetchBlockRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  
  FetchShuffleBlocks(argument: _kindling_FetchShuffleBlocksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_ShuffleBlockChunk__Output>;
  FetchShuffleBlocks(argument: _kindling_FetchShuffleBlocksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_ShuffleBlockChunk__Output>;
  fetchShuffleBlocks(argument: _kindling_FetchShuffleBlocksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_ShuffleBlockChunk__Output>;
  fetchShuffleBlocks(argument: _kindling_FetchShuffleBlocksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_ShuffleBlockChunk__Output>;
  
  /**
   * A task result too large to travel inline in a status update; removed once fetched.
   */
  FetchTaskResult(argument: _kindling_FetchTaskResultRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  FetchTaskResult(argument: _kindling_FetchTaskResultRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  /**
   * A task result too large to travel inline in a status update; removed once fetched.
   */
  fetchTaskResult(argument: _kindling_FetchTaskResultRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  fetchTaskResult(argument: _kindling_FetchTaskResultRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  
  KillTask(argument: _kindling_KillTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  KillTask(argument: _kindling_KillTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  KillTask(argument: _kindling_KillTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  KillTask(argument: _kindling_KillTaskRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  killTask(argument: _kindling_KillTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  killTask(argument: _kindling_KillTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  killTask(argument: _kindling_KillTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  killTask(argument: _kindling_KillTaskRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  
  /**
   * The task channel, opened by the driver once per registered executor: the driver
   * sends TaskChannelOpen then task batches; the executor answers with status
   * updates (Spark's LaunchTask + StatusUpdate messages) on the same stream. A
   * stream rather than unary calls because a unary round trip costs ~270 µs in
   * grpc-js and a stream message ~35 µs (measured; see proto/README.md). The
   * stream ending means the other side is gone.
   */
  LaunchTasks(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_kindling_LaunchTasksRequest, _kindling_StatusUpdateBatch__Output>;
  LaunchTasks(options?: grpc.CallOptions): grpc.ClientDuplexStream<_kindling_LaunchTasksRequest, _kindling_StatusUpdateBatch__Output>;
  /**
   * The task channel, opened by the driver once per registered executor: the driver
   * sends TaskChannelOpen then task batches; the executor answers with status
   * updates (Spark's LaunchTask + StatusUpdate messages) on the same stream. A
   * stream rather than unary calls because a unary round trip costs ~270 µs in
   * grpc-js and a stream message ~35 µs (measured; see proto/README.md). The
   * stream ending means the other side is gone.
   */
  launchTasks(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_kindling_LaunchTasksRequest, _kindling_StatusUpdateBatch__Output>;
  launchTasks(options?: grpc.CallOptions): grpc.ClientDuplexStream<_kindling_LaunchTasksRequest, _kindling_StatusUpdateBatch__Output>;
  
  RemoveBroadcast(argument: _kindling_RemoveBroadcastRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveBroadcast(argument: _kindling_RemoveBroadcastRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveBroadcast(argument: _kindling_RemoveBroadcastRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveBroadcast(argument: _kindling_RemoveBroadcastRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeBroadcast(argument: _kindling_RemoveBroadcastRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeBroadcast(argument: _kindling_RemoveBroadcastRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeBroadcast(argument: _kindling_RemoveBroadcastRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeBroadcast(argument: _kindling_RemoveBroadcastRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  
  RemoveRdd(argument: _kindling_RemoveRddRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveRdd(argument: _kindling_RemoveRddRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveRdd(argument: _kindling_RemoveRddRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveRdd(argument: _kindling_RemoveRddRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeRdd(argument: _kindling_RemoveRddRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeRdd(argument: _kindling_RemoveRddRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeRdd(argument: _kindling_RemoveRddRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeRdd(argument: _kindling_RemoveRddRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  
  RemoveShuffle(argument: _kindling_RemoveShuffleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveShuffle(argument: _kindling_RemoveShuffleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveShuffle(argument: _kindling_RemoveShuffleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  RemoveShuffle(argument: _kindling_RemoveShuffleRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeShuffle(argument: _kindling_RemoveShuffleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeShuffle(argument: _kindling_RemoveShuffleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeShuffle(argument: _kindling_RemoveShuffleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  removeShuffle(argument: _kindling_RemoveShuffleRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stops the executor process (the application ended).
   */
  Shutdown(argument: _kindling_ShutdownRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  Shutdown(argument: _kindling_ShutdownRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  Shutdown(argument: _kindling_ShutdownRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  Shutdown(argument: _kindling_ShutdownRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  /**
   * Stops the executor process (the application ended).
   */
  shutdown(argument: _kindling_ShutdownRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  shutdown(argument: _kindling_ShutdownRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  shutdown(argument: _kindling_ShutdownRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  shutdown(argument: _kindling_ShutdownRequest, callback: grpc.requestCallback<_kindling_Ack__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Served by each executor; called by the driver (tasks, cleanup) and by other
 * executors (shuffle blocks).
 */
export interface ExecutorServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * A cached RDD block this executor holds (remote block read; Spark's getRemoteBytes).
   */
  FetchBlock: grpc.handleServerStreamingCall<_kindling_FetchBlockRequest__Output, _kindling_Chunk>;
  
  FetchShuffleBlocks: grpc.handleServerStreamingCall<_kindling_FetchShuffleBlocksRequest__Output, _kindling_ShuffleBlockChunk>;
  
  /**
   * A task result too large to travel inline in a status update; removed once fetched.
   */
  FetchTaskResult: grpc.handleServerStreamingCall<_kindling_FetchTaskResultRequest__Output, _kindling_Chunk>;
  
  KillTask: grpc.handleUnaryCall<_kindling_KillTaskRequest__Output, _kindling_Ack>;
  
  /**
   * The task channel, opened by the driver once per registered executor: the driver
   * sends TaskChannelOpen then task batches; the executor answers with status
   * updates (Spark's LaunchTask + StatusUpdate messages) on the same stream. A
   * stream rather than unary calls because a unary round trip costs ~270 µs in
   * grpc-js and a stream message ~35 µs (measured; see proto/README.md). The
   * stream ending means the other side is gone.
   */
  LaunchTasks: grpc.handleBidiStreamingCall<_kindling_LaunchTasksRequest__Output, _kindling_StatusUpdateBatch>;
  
  RemoveBroadcast: grpc.handleUnaryCall<_kindling_RemoveBroadcastRequest__Output, _kindling_Ack>;
  
  RemoveRdd: grpc.handleUnaryCall<_kindling_RemoveRddRequest__Output, _kindling_Ack>;
  
  RemoveShuffle: grpc.handleUnaryCall<_kindling_RemoveShuffleRequest__Output, _kindling_Ack>;
  
  /**
   * Stops the executor process (the application ended).
   */
  Shutdown: grpc.handleUnaryCall<_kindling_ShutdownRequest__Output, _kindling_Ack>;
  
}

export interface ExecutorServiceDefinition extends grpc.ServiceDefinition {
  FetchBlock: MethodDefinition<_kindling_FetchBlockRequest, _kindling_Chunk, _kindling_FetchBlockRequest__Output, _kindling_Chunk__Output>
  FetchShuffleBlocks: MethodDefinition<_kindling_FetchShuffleBlocksRequest, _kindling_ShuffleBlockChunk, _kindling_FetchShuffleBlocksRequest__Output, _kindling_ShuffleBlockChunk__Output>
  FetchTaskResult: MethodDefinition<_kindling_FetchTaskResultRequest, _kindling_Chunk, _kindling_FetchTaskResultRequest__Output, _kindling_Chunk__Output>
  KillTask: MethodDefinition<_kindling_KillTaskRequest, _kindling_Ack, _kindling_KillTaskRequest__Output, _kindling_Ack__Output>
  LaunchTasks: MethodDefinition<_kindling_LaunchTasksRequest, _kindling_StatusUpdateBatch, _kindling_LaunchTasksRequest__Output, _kindling_StatusUpdateBatch__Output>
  RemoveBroadcast: MethodDefinition<_kindling_RemoveBroadcastRequest, _kindling_Ack, _kindling_RemoveBroadcastRequest__Output, _kindling_Ack__Output>
  RemoveRdd: MethodDefinition<_kindling_RemoveRddRequest, _kindling_Ack, _kindling_RemoveRddRequest__Output, _kindling_Ack__Output>
  RemoveShuffle: MethodDefinition<_kindling_RemoveShuffleRequest, _kindling_Ack, _kindling_RemoveShuffleRequest__Output, _kindling_Ack__Output>
  Shutdown: MethodDefinition<_kindling_ShutdownRequest, _kindling_Ack, _kindling_ShutdownRequest__Output, _kindling_Ack__Output>
}
