// Original file: kindling.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BundleChunk as _kindling_BundleChunk, BundleChunk__Output as _kindling_BundleChunk__Output } from '../kindling/BundleChunk.js';
import type { Chunk as _kindling_Chunk, Chunk__Output as _kindling_Chunk__Output } from '../kindling/Chunk.js';
import type { DownloadBundleRequest as _kindling_DownloadBundleRequest, DownloadBundleRequest__Output as _kindling_DownloadBundleRequest__Output } from '../kindling/DownloadBundleRequest.js';
import type { FetchBroadcastRequest as _kindling_FetchBroadcastRequest, FetchBroadcastRequest__Output as _kindling_FetchBroadcastRequest__Output } from '../kindling/FetchBroadcastRequest.js';
import type { FetchTaskPayloadRequest as _kindling_FetchTaskPayloadRequest, FetchTaskPayloadRequest__Output as _kindling_FetchTaskPayloadRequest__Output } from '../kindling/FetchTaskPayloadRequest.js';
import type { GetBlockLocationsRequest as _kindling_GetBlockLocationsRequest, GetBlockLocationsRequest__Output as _kindling_GetBlockLocationsRequest__Output } from '../kindling/GetBlockLocationsRequest.js';
import type { GetBlockLocationsResponse as _kindling_GetBlockLocationsResponse, GetBlockLocationsResponse__Output as _kindling_GetBlockLocationsResponse__Output } from '../kindling/GetBlockLocationsResponse.js';
import type { GetMapStatusesRequest as _kindling_GetMapStatusesRequest, GetMapStatusesRequest__Output as _kindling_GetMapStatusesRequest__Output } from '../kindling/GetMapStatusesRequest.js';
import type { GetMapStatusesResponse as _kindling_GetMapStatusesResponse, GetMapStatusesResponse__Output as _kindling_GetMapStatusesResponse__Output } from '../kindling/GetMapStatusesResponse.js';
import type { HeartbeatRequest as _kindling_HeartbeatRequest, HeartbeatRequest__Output as _kindling_HeartbeatRequest__Output } from '../kindling/HeartbeatRequest.js';
import type { HeartbeatResponse as _kindling_HeartbeatResponse, HeartbeatResponse__Output as _kindling_HeartbeatResponse__Output } from '../kindling/HeartbeatResponse.js';
import type { ReceiverCommand as _kindling_ReceiverCommand, ReceiverCommand__Output as _kindling_ReceiverCommand__Output } from '../kindling/ReceiverCommand.js';
import type { ReceiverReport as _kindling_ReceiverReport, ReceiverReport__Output as _kindling_ReceiverReport__Output } from '../kindling/ReceiverReport.js';
import type { RegisterExecutorRequest as _kindling_RegisterExecutorRequest, RegisterExecutorRequest__Output as _kindling_RegisterExecutorRequest__Output } from '../kindling/RegisterExecutorRequest.js';
import type { RegisterExecutorResponse as _kindling_RegisterExecutorResponse, RegisterExecutorResponse__Output as _kindling_RegisterExecutorResponse__Output } from '../kindling/RegisterExecutorResponse.js';

/**
 * Served by the driver; called by executors.
 */
export interface DriverServiceClient extends grpc.Client {
  /**
   * The job bundle's files, each in chunks; cached by executors under its sha256.
   */
  DownloadBundle(argument: _kindling_DownloadBundleRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_BundleChunk__Output>;
  DownloadBundle(argument: _kindling_DownloadBundleRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_BundleChunk__Output>;
  /**
   * The job bundle's files, each in chunks; cached by executors under its sha256.
   */
  downloadBundle(argument: _kindling_DownloadBundleRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_BundleChunk__Output>;
  downloadBundle(argument: _kindling_DownloadBundleRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_BundleChunk__Output>;
  
  /**
   * A broadcast's value (node:v8-encoded), fetched once per executor and kept by id
   * until RemoveBroadcast; NOT_FOUND once it was destroyed.
   */
  FetchBroadcast(argument: _kindling_FetchBroadcastRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  FetchBroadcast(argument: _kindling_FetchBroadcastRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  /**
   * A broadcast's value (node:v8-encoded), fetched once per executor and kept by id
   * until RemoveBroadcast; NOT_FOUND once it was destroyed.
   */
  fetchBroadcast(argument: _kindling_FetchBroadcastRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  fetchBroadcast(argument: _kindling_FetchBroadcastRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  
  /**
   * A task payload the executor does not hold (too large to travel inline, or
   * evicted from its payload cache).
   */
  FetchTaskPayload(argument: _kindling_FetchTaskPayloadRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  FetchTaskPayload(argument: _kindling_FetchTaskPayloadRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  /**
   * A task payload the executor does not hold (too large to travel inline, or
   * evicted from its payload cache).
   */
  fetchTaskPayload(argument: _kindling_FetchTaskPayloadRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  fetchTaskPayload(argument: _kindling_FetchTaskPayloadRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kindling_Chunk__Output>;
  
  /**
   * Executors holding a cached block, for a task that does not hold it (remote block read).
   */
  GetBlockLocations(argument: _kindling_GetBlockLocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  GetBlockLocations(argument: _kindling_GetBlockLocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  GetBlockLocations(argument: _kindling_GetBlockLocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  GetBlockLocations(argument: _kindling_GetBlockLocationsRequest, callback: grpc.requestCallback<_kindling_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Executors holding a cached block, for a task that does not hold it (remote block read).
   */
  getBlockLocations(argument: _kindling_GetBlockLocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  getBlockLocations(argument: _kindling_GetBlockLocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  getBlockLocations(argument: _kindling_GetBlockLocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  getBlockLocations(argument: _kindling_GetBlockLocationsRequest, callback: grpc.requestCallback<_kindling_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * MapOutputTracker lookup for reducers.
   */
  GetMapStatuses(argument: _kindling_GetMapStatusesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_GetMapStatusesResponse__Output>): grpc.ClientUnaryCall;
  GetMapStatuses(argument: _kindling_GetMapStatusesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_GetMapStatusesResponse__Output>): grpc.ClientUnaryCall;
  GetMapStatuses(argument: _kindling_GetMapStatusesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_GetMapStatusesResponse__Output>): grpc.ClientUnaryCall;
  GetMapStatuses(argument: _kindling_GetMapStatusesRequest, callback: grpc.requestCallback<_kindling_GetMapStatusesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * MapOutputTracker lookup for reducers.
   */
  getMapStatuses(argument: _kindling_GetMapStatusesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_GetMapStatusesResponse__Output>): grpc.ClientUnaryCall;
  getMapStatuses(argument: _kindling_GetMapStatusesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_GetMapStatusesResponse__Output>): grpc.ClientUnaryCall;
  getMapStatuses(argument: _kindling_GetMapStatusesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_GetMapStatusesResponse__Output>): grpc.ClientUnaryCall;
  getMapStatuses(argument: _kindling_GetMapStatusesRequest, callback: grpc.requestCallback<_kindling_GetMapStatusesResponse__Output>): grpc.ClientUnaryCall;
  
  Heartbeat(argument: _kindling_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _kindling_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _kindling_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _kindling_HeartbeatRequest, callback: grpc.requestCallback<_kindling_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _kindling_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _kindling_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _kindling_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _kindling_HeartbeatRequest, callback: grpc.requestCallback<_kindling_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * An executor announces itself; refused (UNAUTHENTICATED / FAILED_PRECONDITION)
   * for a wrong secret or another application's executor.
   */
  RegisterExecutor(argument: _kindling_RegisterExecutorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_RegisterExecutorResponse__Output>): grpc.ClientUnaryCall;
  RegisterExecutor(argument: _kindling_RegisterExecutorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_RegisterExecutorResponse__Output>): grpc.ClientUnaryCall;
  RegisterExecutor(argument: _kindling_RegisterExecutorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_RegisterExecutorResponse__Output>): grpc.ClientUnaryCall;
  RegisterExecutor(argument: _kindling_RegisterExecutorRequest, callback: grpc.requestCallback<_kindling_RegisterExecutorResponse__Output>): grpc.ClientUnaryCall;
  /**
   * An executor announces itself; refused (UNAUTHENTICATED / FAILED_PRECONDITION)
   * for a wrong secret or another application's executor.
   */
  registerExecutor(argument: _kindling_RegisterExecutorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_RegisterExecutorResponse__Output>): grpc.ClientUnaryCall;
  registerExecutor(argument: _kindling_RegisterExecutorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_RegisterExecutorResponse__Output>): grpc.ClientUnaryCall;
  registerExecutor(argument: _kindling_RegisterExecutorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_RegisterExecutorResponse__Output>): grpc.ClientUnaryCall;
  registerExecutor(argument: _kindling_RegisterExecutorRequest, callback: grpc.requestCallback<_kindling_RegisterExecutorResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A streaming receiver's blocks and lifecycle events; the answer carries the
   * driver's stop request and rate limit (backpressure).
   */
  ReportReceiver(argument: _kindling_ReceiverReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_ReceiverCommand__Output>): grpc.ClientUnaryCall;
  ReportReceiver(argument: _kindling_ReceiverReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_ReceiverCommand__Output>): grpc.ClientUnaryCall;
  ReportReceiver(argument: _kindling_ReceiverReport, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_ReceiverCommand__Output>): grpc.ClientUnaryCall;
  ReportReceiver(argument: _kindling_ReceiverReport, callback: grpc.requestCallback<_kindling_ReceiverCommand__Output>): grpc.ClientUnaryCall;
  /**
   * A streaming receiver's blocks and lifecycle events; the answer carries the
   * driver's stop request and rate limit (backpressure).
   */
  reportReceiver(argument: _kindling_ReceiverReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_ReceiverCommand__Output>): grpc.ClientUnaryCall;
  reportReceiver(argument: _kindling_ReceiverReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_kindling_ReceiverCommand__Output>): grpc.ClientUnaryCall;
  reportReceiver(argument: _kindling_ReceiverReport, options: grpc.CallOptions, callback: grpc.requestCallback<_kindling_ReceiverCommand__Output>): grpc.ClientUnaryCall;
  reportReceiver(argument: _kindling_ReceiverReport, callback: grpc.requestCallback<_kindling_ReceiverCommand__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Served by the driver; called by executors.
 */
export interface DriverServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The job bundle's files, each in chunks; cached by executors under its sha256.
   */
  DownloadBundle: grpc.handleServerStreamingCall<_kindling_DownloadBundleRequest__Output, _kindling_BundleChunk>;
  
  /**
   * A broadcast's value (node:v8-encoded), fetched once per executor and kept by id
   * until RemoveBroadcast; NOT_FOUND once it was destroyed.
   */
  FetchBroadcast: grpc.handleServerStreamingCall<_kindling_FetchBroadcastRequest__Output, _kindling_Chunk>;
  
  /**
   * A task payload the executor does not hold (too large to travel inline, or
   * evicted from its payload cache).
   */
  FetchTaskPayload: grpc.handleServerStreamingCall<_kindling_FetchTaskPayloadRequest__Output, _kindling_Chunk>;
  
  /**
   * Executors holding a cached block, for a task that does not hold it (remote block read).
   */
  GetBlockLocations: grpc.handleUnaryCall<_kindling_GetBlockLocationsRequest__Output, _kindling_GetBlockLocationsResponse>;
  
  /**
   * MapOutputTracker lookup for reducers.
   */
  GetMapStatuses: grpc.handleUnaryCall<_kindling_GetMapStatusesRequest__Output, _kindling_GetMapStatusesResponse>;
  
  Heartbeat: grpc.handleUnaryCall<_kindling_HeartbeatRequest__Output, _kindling_HeartbeatResponse>;
  
  /**
   * An executor announces itself; refused (UNAUTHENTICATED / FAILED_PRECONDITION)
   * for a wrong secret or another application's executor.
   */
  RegisterExecutor: grpc.handleUnaryCall<_kindling_RegisterExecutorRequest__Output, _kindling_RegisterExecutorResponse>;
  
  /**
   * A streaming receiver's blocks and lifecycle events; the answer carries the
   * driver's stop request and rate limit (backpressure).
   */
  ReportReceiver: grpc.handleUnaryCall<_kindling_ReceiverReport__Output, _kindling_ReceiverCommand>;
  
}

export interface DriverServiceDefinition extends grpc.ServiceDefinition {
  DownloadBundle: MethodDefinition<_kindling_DownloadBundleRequest, _kindling_BundleChunk, _kindling_DownloadBundleRequest__Output, _kindling_BundleChunk__Output>
  FetchBroadcast: MethodDefinition<_kindling_FetchBroadcastRequest, _kindling_Chunk, _kindling_FetchBroadcastRequest__Output, _kindling_Chunk__Output>
  FetchTaskPayload: MethodDefinition<_kindling_FetchTaskPayloadRequest, _kindling_Chunk, _kindling_FetchTaskPayloadRequest__Output, _kindling_Chunk__Output>
  GetBlockLocations: MethodDefinition<_kindling_GetBlockLocationsRequest, _kindling_GetBlockLocationsResponse, _kindling_GetBlockLocationsRequest__Output, _kindling_GetBlockLocationsResponse__Output>
  GetMapStatuses: MethodDefinition<_kindling_GetMapStatusesRequest, _kindling_GetMapStatusesResponse, _kindling_GetMapStatusesRequest__Output, _kindling_GetMapStatusesResponse__Output>
  Heartbeat: MethodDefinition<_kindling_HeartbeatRequest, _kindling_HeartbeatResponse, _kindling_HeartbeatRequest__Output, _kindling_HeartbeatResponse__Output>
  RegisterExecutor: MethodDefinition<_kindling_RegisterExecutorRequest, _kindling_RegisterExecutorResponse, _kindling_RegisterExecutorRequest__Output, _kindling_RegisterExecutorResponse__Output>
  ReportReceiver: MethodDefinition<_kindling_ReceiverReport, _kindling_ReceiverCommand, _kindling_ReceiverReport__Output, _kindling_ReceiverCommand__Output>
}
