/**
 * Loads proto/kindling.proto at run time (STYLE.md §8). This module holds the one
 * unavoidable cast: grpc-js returns an untyped GrpcObject, and the generated
 * ProtoGrpcType says what it really contains.
 */
import { loadPackageDefinition, logVerbosity, setLogVerbosity } from '@grpc/grpc-js';
import { loadSync, type ServiceDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/kindling.js';
import { kindlingProtoFile, protoLoaderOptions } from './proto-files.js';
import { taskChannelCodec } from './task-channel-codec.js';

export type KindlingProto = ProtoGrpcType['kindling'];

let loaded: KindlingProto | undefined;

/** The kindling package's services and message types, loaded once per process. */
export function kindlingProto(): KindlingProto {
  if (loaded === undefined) {
    // grpc-js prints its own errors to stderr ("E No address added…"); every one of
    // them also fails a call, which Kindling reports in its own words. GRPC_VERBOSITY
    // still turns them back on for debugging.
    if (process.env['GRPC_VERBOSITY'] === undefined) setLogVerbosity(logVerbosity.NONE);
    const definition = loadSync(kindlingProtoFile, protoLoaderOptions);
    // The task channel's messages scale with the number of tasks: they get the
    // faster codec (same bytes, same objects). Set before loadPackageDefinition,
    // which captures each method's codec in the client it builds.
    const executorService = definition['kindling.ExecutorService'] as ServiceDefinition;
    Object.assign(executorService['LaunchTasks']!, taskChannelCodec());
    loaded = (loadPackageDefinition(definition) as unknown as ProtoGrpcType).kindling;
  }
  return loaded;
}
