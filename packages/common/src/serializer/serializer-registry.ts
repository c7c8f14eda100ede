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

/** A serializer by its header id or its name (`v8`, `msgpack`). */
export function getSerializer(idOrName: number | string): Serializer {
  const serializer = serializers.find((s) => s.id === idOrName || s.name === idOrName);
  if (serializer === undefined) {
    throw new InvalidArgumentError(`Unknown serializer ${JSON.stringify(idOrName)}; use one of ${serializers.map((s) => s.name).join(', ')}`);
  }
  return serializer;
}

/**
 * The serializer used when `kindling.serializer` is not set.
 * TODO(bench): chosen by serializer.bench.ts.
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
