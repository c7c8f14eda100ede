// Record serializers, CRC32C, compression codecs and the framed record format (docs/DESIGN.md §6).
export { type Serializer, SerializerId } from './serializer.js';
export { V8Serializer } from './v8-serializer.js';
export { MsgpackSerializer } from './msgpack-serializer.js';
export { getSerializer, defaultSerializer, serializerFromConf, serializerNames, SERIALIZER_KEY } from './serializer-registry.js';
export {
  isPlainData,
  findUnserializable,
  UnserializableValueError,
  MAX_NESTING_DEPTH,
  type Unserializable,
} from './plain-data.js';
export { crc32c } from './crc32c.js';
export {
  type CompressionCodec,
  CodecId,
  noneCodec,
  deflateCodec,
  gzipCodec,
  brotliCodec,
  compressionCodecs,
  getCodec,
  codecFromConf,
  IO_COMPRESSION_CODEC_KEY,
  CHECKPOINT_COMPRESS_KEY,
  SHUFFLE_COMPRESS_KEY,
  DEFAULT_IO_COMPRESSION_CODEC,
} from './compression-codec.js';
export { DataCorruptionError, type DataCorruptionErrorOptions } from './data-corruption-error.js';
export { type FramedHeader, FORMAT_VERSION, MAX_BATCH_BYTES } from './framed-format.js';
export {
  FramedWriter,
  encodeFramedBatches,
  framedChunks,
  type FramedWriterOptions,
  type ChunkSink,
  DEFAULT_BATCH_SIZE,
  DEFAULT_BATCH_BYTES,
} from './framed-writer.js';
export { decodeFramed, decodeFramedBatches, readFramed, readFramedHeader, verifyFramed, type FramedReadOptions } from './framed-reader.js';
