// gRPC between driver and executors: proto loading, channel and server settings,
// deadlines and retries, security, chunked streams, and the task codec.
export { kindlingProto, type KindlingProto } from './proto-loader.js';
export { protoDir, kindlingProtoFile, checkpointProtoFile, protoLoaderOptions } from './proto-files.js';
export { generateTypes, generatedDir } from './generate-types.js';
export { RpcError, toServiceError, fromServiceError, grpcStatusOf, errorCodeMetadataKey } from './rpc-errors.js';
export {
  callPolicies,
  idempotentRetry,
  noRetry,
  shuffleFetchRetry,
  withRetry,
  type CallName,
  type CallPolicy,
  type RetryOptions,
  type RetryPolicy,
} from './rpc-policy.js';
export {
  RpcSecurity,
  SecurityConf,
  appIdMetadataKey,
  authMetadataKey,
  callAppId,
  constantTimeEquals,
  deriveAuthToken,
  privateConfKeys,
  secretEnvVar,
} from './rpc-security.js';
export { ClientPool, channelOptions, chunkBytes, createClient, maxInlineBytes, maxMessageBytes, serverOptions } from './rpc-channel.js';
export { bindServer, createServer, shutdownServer } from './rpc-server.js';
export { ChunkAssembler, collectChunks, sendChunks, sliceIntoChunks, writeWithBackpressure, type ChunkSlice } from './chunks.js';
export { unary } from './calls.js';
export { mapStatusFromWire, mapStatusToWire, outcomeFromWire, outcomeToWire, taskFromWire, taskToWire } from './task-codec.js';
export type * from './generated-types.js';
/** The gRPC library Kindling is built on, for packages that implement or call its services. */
export * as grpc from '@grpc/grpc-js';
export { bidiStreamHandler, serverStreamHandler, unaryHandler, type CallGuard, type Refusal } from './service-handlers.js';
