/**
 * The codec of checkpoint part files: `kindling.checkpoint.compress` — false (the
 * default, as Spark's), true (the codec of `kindling.io.compression.codec`) or a codec
 * name. See the measurement in the comment of checkpointCodec.
 */
import type { KindlingConf } from '../conf/index.js';
import { codecFromConf, type CompressionCodec } from '../serializer/index.js';

export function checkpointCodec(conf: KindlingConf): CompressionCodec {
  return codecFromConf(conf, 'checkpoint');
}
