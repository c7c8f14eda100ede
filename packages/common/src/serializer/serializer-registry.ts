/**
 * The record serializers by id and name, the default, and the `kindling.serializer`
 * configuration key. Serializers are stateless between calls, so one instance each
 * serves the whole process.
 */
import type { KindlingConf } from '../conf/index.js';
import { InvalidArgumentError } from '../errors/index.js';
import { MsgpackSerializer } from './msgpack-serializer.js';
import type { Serializer } from './serializer.js';
import { V8Serializer } from './v8-serializer.js';

export const SERIALIZER_KEY = 'kindling.serializer';

const serializers: readonly Serializer[] = [new V8Serializer(), new MsgpackSerializer()];

/** The names `kindling.serializer` accepts. */
export function serializerNames(): string[] {
  return serializers.map((s) => s.name);
}

/** A serializer by its header id or its name (`v8`, `msgpack`). */
export function getSerializer(idOrName: number | string): Serializer {
  const serializer = serializers.find((s) => s.id === idOrName || s.name === idOrName);
  if (serializer === undefined) {
    throw new InvalidArgumentError(`Unknown serializer ${JSON.stringify(idOrName)}; use one of ${serializers.map((s) => s.name).join(', ')}`);
  }
  return serializer;
}

/**
 * The serializer used when `kindling.serializer` is not set: msgpack, by the figures of
 * serializer.bench.ts (one run on 2 shared cores, batches of 1024; speed relative to
 * JSON; repeated runs vary by up to a third, the ranking does not):
 *
 *                              serialize        deserialize      bytes/record
 *                              v8    msgpack    v8    msgpack    v8   msgpack
 *   [word, count] tuples       0.74  2.12       1.16  4.08       15   10
 *   { videoId, day, count }    3.65  6.43       1.17  3.06       48   20
 *   100-character strings      1.71  0.92       2.19  2.01       102  102
 *
 * msgpack is 2-3x faster than v8 on tuples and objects — the records of shuffles and
 * stateful streams — in both directions, and its batches are a third to a half
 * smaller; v8 is faster only at serializing long strings. What msgpack gives up (-0,
 * unpaired surrogates, sparse-array holes, shared references; msgpack-serializer.ts)
 * does not occur in ordinary records; set `kindling.serializer=v8` for data that needs it.
 */
export function defaultSerializer(): Serializer {
  return getSerializer('msgpack');
}

/** The serializer named by `kindling.serializer`, or the default. */
export function serializerFromConf(conf: KindlingConf): Serializer {
  const name = conf.get(SERIALIZER_KEY);
  if (name === undefined) return defaultSerializer();
  const serializer = serializers.find((s) => s.name === name.trim());
  if (serializer === undefined) {
    throw new InvalidArgumentError(`Configuration ${SERIALIZER_KEY}=${name} is not a serializer; use ${serializers.map((s) => s.name).join(' or ')}`);
  }
  return serializer;
}
