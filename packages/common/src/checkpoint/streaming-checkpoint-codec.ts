/**
 * Encodes and decodes the streaming metadata checkpoint (proto/checkpoint.proto):
 * a `CheckpointFile` holding the encoded `StreamingCheckpoint` and its CRC32C. A
 * file whose checksum, framing or version is wrong is refused with a
 * CheckpointError naming it, before anything in it is believed — the reader then
 * falls back to the backup or an older checkpoint.
 *
 * Operator parameters and source positions are plain data carried as `Value`s:
 * numbers, strings, booleans, null, undefined, bytes, arrays and records (plain
 * objects, key order kept). Anything else — a function, a class instance, a Map —
 * cannot be in a checkpoint and fails with a SerializationError naming where it was.
 */
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { CheckpointError, SerializationError } from '../errors/index.js';
import type { StreamingCheckpoint, StreamingCheckpoint__Output } from '../rpc/generated/kindling/checkpoint/StreamingCheckpoint.js';
import type { Value, Value__Output } from '../rpc/generated/kindling/checkpoint/Value.js';
import { checkpointProtoFile, protoDir } from '../rpc/proto-files.js';
import { crc32c } from '../serializer/index.js';

export const STREAMING_CHECKPOINT_FORMAT_VERSION = 1;

let types: { file: protobuf.Type; checkpoint: protobuf.Type } | undefined;

function messageTypes(): { file: protobuf.Type; checkpoint: protobuf.Type } {
  if (types === undefined) {
    const root = protobuf.loadSync(join(protoDir, checkpointProtoFile));
    types = { file: root.lookupType('kindling.checkpoint.CheckpointFile'), checkpoint: root.lookupType('kindling.checkpoint.StreamingCheckpoint') };
  }
  return types;
}

/** The same shape proto-loader gives (and the generated __Output types describe). */
const toObjectOptions: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true, bytes: Buffer };

export function encodeStreamingCheckpoint(checkpoint: StreamingCheckpoint): Uint8Array {
  const { file, checkpoint: type } = messageTypes();
  const payload = type.encode(type.fromObject(checkpoint)).finish();
  return file.encode(file.fromObject({ formatVersion: STREAMING_CHECKPOINT_FORMAT_VERSION, checkpoint: payload, crc32c: crc32c(payload) })).finish();
}

/** Decodes a checkpoint file's bytes; `path` names the file in errors. */
export function decodeStreamingCheckpoint(bytes: Uint8Array, path: string): StreamingCheckpoint__Output {
  const { file, checkpoint: type } = messageTypes();
  let envelope: { formatVersion: number; checkpoint: Buffer; crc32c: number };
  try {
    envelope = file.toObject(file.decode(bytes), toObjectOptions) as typeof envelope;
  } catch (error) {
    throw new CheckpointError(`Invalid checkpoint file ${path}: not a Kindling metadata checkpoint (${(error as Error).message})`, { path, cause: error });
  }
  if (envelope.formatVersion !== STREAMING_CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError(
      `Invalid checkpoint file ${path}: format version ${envelope.formatVersion}, this Kindling reads version ${STREAMING_CHECKPOINT_FORMAT_VERSION}`,
      { path },
    );
  }
  if (envelope.checkpoint.length === 0 || crc32c(envelope.checkpoint) !== envelope.crc32c) {
    throw new CheckpointError(`Invalid checkpoint file ${path}: checksum mismatch (the file is truncated or corrupt)`, { path });
  }
  try {
    return type.toObject(type.decode(envelope.checkpoint), toObjectOptions) as StreamingCheckpoint__Output;
  } catch (error) {
    throw new CheckpointError(`Invalid checkpoint file ${path}: ${(error as Error).message}`, { path, cause: error });
  }
}

/** Plain data as a checkpoint `Value`; `where` names the value in errors ("params of map-3"). */
export function toCheckpointValue(value: unknown, where: string): Value {
  if (value === undefined) return { undefinedValue: true };
  if (value === null) return { nullValue: true };
  switch (typeof value) {
    case 'boolean':
      return { boolValue: value };
    case 'number':
      return { numberValue: value };
    case 'string':
      return { stringValue: value };
    case 'object':
      break;
    default:
      throw new SerializationError(`${where}: a ${typeof value} cannot be written to a checkpoint; use plain data (numbers, strings, arrays, plain objects)`);
  }
  if (value instanceof Uint8Array) return { bytesValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map((v, i) => toCheckpointValue(v, `${where}[${i}]`)) } };
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new SerializationError(`${where}: a ${name} cannot be written to a checkpoint; use plain data (numbers, strings, arrays, plain objects)`);
  }
  return {
    recordValue: { fields: Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: toCheckpointValue(v, `${where}.${key}`) })) },
  };
}

/** The plain data a `Value` holds. */
export function fromCheckpointValue(value: Value__Output | null | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  switch (value.kind) {
    case undefined:
    case 'undefinedValue':
      return undefined;
    case 'nullValue':
      return null;
    case 'boolValue':
      return value.boolValue;
    case 'numberValue':
      return value.numberValue;
    case 'stringValue':
      return value.stringValue;
    case 'bytesValue':
      return new Uint8Array(value.bytesValue!);
    case 'listValue':
      return (value.listValue?.values ?? []).map(fromCheckpointValue);
    case 'recordValue': {
      const record: Record<string, unknown> = {};
      for (const field of value.recordValue?.fields ?? []) record[field.key] = fromCheckpointValue(field.value);
      return record;
    }
    default: {
      const unknown: never = value.kind;
      throw new CheckpointError(`Invalid checkpoint value of kind ${String(unknown)}`);
    }
  }
}
