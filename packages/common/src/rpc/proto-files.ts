/**
 * Where the .proto files are and the options they are loaded with. The run-time
 * loader and the type generator both read these, so the generated types always
 * describe the objects the loader produces (camelCase fields, 64-bit integers as
 * numbers, defaults filled in, a virtual field naming the set member of a oneof).
 */
import { fileURLToPath } from 'node:url';
import type { Options } from '@grpc/proto-loader';

/** The repository's proto/ directory (src/rpc and dist/rpc sit at the same depth). */
export const protoDir = fileURLToPath(new URL('../../../../proto/', import.meta.url));

export const kindlingProtoFile = 'kindling.proto';

/** The streaming metadata checkpoint's on-disk message (read with protobufjs, not gRPC). */
export const checkpointProtoFile = 'checkpoint.proto';

export const protoLoaderOptions: Options = {
  keepCase: false,
  // Ids, sizes and offsets stay below 2^53; numbers avoid Long objects on hot paths.
  longs: Number,
  enums: String,
  // Absent scalars read as 0 / '' / false, so handlers need no undefined checks.
  defaults: true,
  oneofs: true,
  includeDirs: [protoDir],
};

/** The same options as command-line flags of proto-loader-gen-types. */
export const generatorFlags: readonly string[] = [
  '--longs=Number',
  '--enums=String',
  '--defaults',
  '--oneofs',
  '--includeComments',
  '--grpcLib=@grpc/grpc-js',
  '--importFileExtension=.js',
];
