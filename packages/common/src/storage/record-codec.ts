/**
 * How records rest in shuffle segments and disk blocks: the framed record format of
 * the serializer area (docs/docs/DESIGN.md §6: header, length-prefixed batches, a CRC32C per
 * batch, a trailer), with the serializer and codec the configuration names. The one
 * place the engine's storage code touches the format.
 *
 * A segment whose framing or checksum is wrong fails with DataCorruptionError; the
 * shuffle reader turns that into a FetchFailedError.
 */
import type { KindlingConf } from '../conf/index.js';
import {
  codecFromConf,
  decodeFramed,
  encodeFramedBatches,
  noneCodec,
  serializerFromConf,
  type FramedWriterOptions,
} from '../serializer/index.js';

/** Writer options for records of `purpose`: shuffle output honours kindling.shuffle.compress. */
export function recordWriteOptions(conf: KindlingConf | undefined, purpose: 'shuffle' | 'block'): FramedWriterOptions {
  if (conf === undefined) return {};
  return { serializer: serializerFromConf(conf), codec: purpose === 'shuffle' ? codecFromConf(conf, 'shuffle') : noneCodec };
}

export function encodeRecords(records: readonly unknown[], options: FramedWriterOptions = {}): Uint8Array {
  return encodeFramedBatches(records, options);
}

/** The records of one framed stream; `what` names it in corruption messages. */
export function decodeRecords(bytes: Uint8Array, what?: string): unknown[] {
  return Array.from(decodeFramed(bytes, what === undefined ? {} : { path: what }));
}
