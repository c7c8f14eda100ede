/**
 * The codec of checkpoint part files: `kindling.checkpoint.compress` — false (the
 * default, as Spark's: the tee's cost is serializing, and compression roughly doubles
 * it), true (the codec of `kindling.io.compression.codec`, brotli by default) or a
 * codec name.
 *
 * Brotli (quality 1) for `true`, by measurement on checkpoint-like records
 * (checkpoint.bench.ts section 4, msgpack batches of [string, {…}] pairs, 2 shared
 * cores, two runs): it compresses 1.35-1.55x as fast as deflate level 1 (199 vs 148,
 * 290 vs 187 MB/s) for a 7% larger file (3.31x vs 3.54x smaller), and decompresses
 * slower (174-296 vs 388-433 MB/s). A checkpoint is written at every interval and
 * read only on recovery, so the writing speed decides — the same choice the
 * serializer area made for its default codec.
 */
import type { KindlingConf } from '../conf/index.js';
import { codecFromConf, type CompressionCodec } from '../serializer/index.js';

export function checkpointCodec(conf: KindlingConf): CompressionCodec {
  return codecFromConf(conf, 'checkpoint');
}
