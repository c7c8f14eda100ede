/**
 * Compression codecs for framed record batches (Spark's `CompressionCodec`,
 * `spark.io.compression.codec`). Each batch is compressed on its own, synchronously:
 * a batch is tens of kilobytes, so one zlib call costs less than the bookkeeping of
 * an asynchronous one, and batches stay independently decodable.
 *
 * Levels favour speed, as shuffle and checkpoint throughput sit on them: deflate and
 * gzip at level 1, brotli at quality 1. Measured on msgpack record batches, the next
 * levels up (deflate 6, brotli 2-5) gain 3-15% in size for 2-5x the CPU.
 */
import zlib from 'node:zlib';
import type { KindlingConf } from '../conf/index.js';
import { InvalidArgumentError } from '../errors/index.js';

export interface CompressionCodec {
  /** Stored in every framed stream's header; never reuse a number once files carry it. */
  readonly id: number;
  readonly name: string;
  compress(bytes: Uint8Array): Uint8Array;
  /** `rawLength` is the uncompressed size recorded by the writer; more output is refused. */
  decompress(bytes: Uint8Array, rawLength: number): Uint8Array;
}

export const CodecId = {
  None: 0,
  Deflate: 1,
  Gzip: 2,
  Brotli: 3,
} as const;

export const noneCodec: CompressionCodec = {
  id: CodecId.None,
  name: 'none',
  compress: (bytes) => bytes,
  decompress: (bytes) => bytes,
};

export const deflateCodec: CompressionCodec = {
  id: CodecId.Deflate,
  name: 'deflate',
  compress: (bytes) => zlib.deflateRawSync(bytes, { level: 1 }),
  decompress: (bytes, rawLength) => zlib.inflateRawSync(bytes, { maxOutputLength: Math.max(rawLength, 1) }),
};

export const gzipCodec: CompressionCodec = {
  id: CodecId.Gzip,
  name: 'gzip',
  compress: (bytes) => zlib.gzipSync(bytes, { level: 1 }),
  decompress: (bytes, rawLength) => zlib.gunzipSync(bytes, { maxOutputLength: Math.max(rawLength, 1) }),
};

export const brotliCodec: CompressionCodec = {
  id: CodecId.Brotli,
  name: 'brotli',
  compress: (bytes) =>
    zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  decompress: (bytes, rawLength) => zlib.brotliDecompressSync(bytes, { maxOutputLength: Math.max(rawLength, 1) }),
};

export const compressionCodecs: readonly CompressionCodec[] = [noneCodec, deflateCodec, gzipCodec, brotliCodec];

/** A codec by its header id or its name (`none`, `deflate`, `gzip`, `brotli`). */
export function getCodec(idOrName: number | string): CompressionCodec {
  const codec = compressionCodecs.find((c) => c.id === idOrName || c.name === idOrName);
  if (codec === undefined) {
    throw new InvalidArgumentError(
      `Unknown compression codec ${JSON.stringify(idOrName)}; use one of ${compressionCodecs.map((c) => c.name).join(', ')}`,
    );
  }
  return codec;
}

/** Spark's `spark.io.compression.codec`: the codec used wherever compression is switched on. */
export const IO_COMPRESSION_CODEC_KEY = 'kindling.io.compression.codec';
/** Spark's `spark.checkpoint.compress` (default false); Kindling also accepts a codec name here. */
export const CHECKPOINT_COMPRESS_KEY = 'kindling.checkpoint.compress';
/** Spark's `spark.shuffle.compress`; Kindling also accepts a codec name here. */
export const SHUFFLE_COMPRESS_KEY = 'kindling.shuffle.compress';

/**
 * The codec used when compression is switched on with `true`: brotli at quality 1.
 * On msgpack record batches (serializer.bench.ts, 44 KiB batches) it compresses about
 * 1.8x as fast as deflate at level 1 (270 vs 150 MB/s) for the same ratio (3.2 vs 3.3)
 * and decompresses somewhat slower (230 vs 320 MB/s). Checkpoints are written every
 * interval and read only on recovery, so compression speed decides; gzip is deflate
 * with a header and a second checksum, no better.
 */
export const DEFAULT_IO_COMPRESSION_CODEC = 'brotli';

/**
 * The codec for checkpoint files or shuffle files under `conf`. The purpose's key is
 * `true`/`false` as in Spark (then the codec comes from `kindling.io.compression.codec`)
 * or directly a codec name. Checkpoints are not compressed by default, as in Spark;
 * shuffle files neither, unlike Spark: on one machine or a fast network the codec's CPU
 * costs more time than the bytes it saves (serializer.bench.ts).
 */
export function codecFromConf(conf: KindlingConf, purpose: 'checkpoint' | 'shuffle'): CompressionCodec {
  const key = purpose === 'checkpoint' ? CHECKPOINT_COMPRESS_KEY : SHUFFLE_COMPRESS_KEY;
  const raw = conf.get(key, 'false').trim();
  if (raw === 'false') return noneCodec;
  if (raw === 'true') return getCodecFromKey(IO_COMPRESSION_CODEC_KEY, conf.get(IO_COMPRESSION_CODEC_KEY, DEFAULT_IO_COMPRESSION_CODEC));
  return getCodecFromKey(key, raw);
}

function getCodecFromKey(key: string, name: string): CompressionCodec {
  const codec = compressionCodecs.find((c) => c.name === name.trim());
  if (codec === undefined) {
    throw new InvalidArgumentError(
      `Configuration ${key}=${name} is not a compression codec; use ${key === IO_COMPRESSION_CODEC_KEY ? '' : 'true, false or '}one of ${compressionCodecs.map((c) => c.name).join(', ')}`,
    );
  }
  return codec;
}
