/**
 * Loads proto/kindling.proto at run time (STYLE.md §8). This module holds the one
 * unavoidable cast: grpc-js returns an untyped GrpcObject, and the generated
 * ProtoGrpcType says what it really contains.
 */
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/kindling.js';
import { kindlingProtoFile, protoLoaderOptions } from './proto-files.js';

export type KindlingProto = ProtoGrpcType['kindling'];

let loaded: KindlingProto | undefined;

/** The kindling package's services and message types, loaded once per process. */
export function kindlingProto(): KindlingProto {
  if (loaded === undefined) {
    const definition = loadSync(kindlingProtoFile, protoLoaderOptions);
    loaded = (loadPackageDefinition(definition) as unknown as ProtoGrpcType).kindling;
  }
  return loaded;
}
