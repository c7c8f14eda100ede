/**
 * Actions on keyed RDDs (Spark's countByKey, collectAsMap, lookup) and
 * countByValue. Results are Maps; composite keys (arrays, objects) are grouped by
 * structure, and the Map holds one of the equal key objects.
 */
import { builtinRef, registerBuiltin } from '../../functions/index.js';
import { canonicalKey, isPrimitiveKey, KeyedMap } from '../grouping-key.js';
import { MapPartitionsRDD } from '../map-partitions-rdd.js';
import { RDD } from '../rdd.js';
import { combineByKeyWithRefs } from './pair.js';
import { toPartitioner } from '../default-partitioner.js';
import { prepareForJob } from '../driver-prepare.js';

declare module '../rdd.js' {
  interface RDD<T> {
    countByKey<K, V>(this: RDD<[K, V]>): Promise<Map<K, number>>;
    /** Every pair as a Map; when a key repeats, the last pair read wins. */
    collectAsMap<K, V>(this: RDD<[K, V]>): Promise<Map<K, V>>;
    /** The values of `key`; scans only the key's partition when the RDD has a partitioner. */
    lookup<K, V>(this: RDD<[K, V]>, key: K): Promise<V[]>;
    countByValue(): Promise<Map<T, number>>;
  }
}

registerBuiltin('rdd.countOne', () =>
  function* countOne(records: Iterator<[unknown, unknown]>) {
    for (let r = records.next(); !r.done; r = records.next()) yield [r.value[0], 1];
  },
);
registerBuiltin('rdd.sum', () => (a: number, b: number) => a + b);
registerBuiltin('rdd.lookup', (key: unknown) => {
  const primitive = isPrimitiveKey(key);
  const wanted = primitive ? undefined : canonicalKey(key);
  return (records: Iterator<[unknown, unknown]>) => {
    const out: unknown[] = [];
    for (let r = records.next(); !r.done; r = records.next()) {
      const k = r.value[0];
      const match = primitive ? k === key || (k !== k && key !== key) : !isPrimitiveKey(k) && canonicalKey(k) === wanted;
      if (match) out.push(r.value[1]);
    }
    return out;
  };
});

function toMap<K, V>(pairs: Iterable<[K, V]>): Map<K, V> {
  const keyed = new KeyedMap<V>();
  for (const [k, v] of pairs) keyed.set(k, v);
  return new Map(keyed.entries() as Iterable<[K, V]>);
}

RDD.prototype.countByKey = async function <K, V>(this: RDD<[K, V]>): Promise<Map<K, number>> {
  // Spark's mapValues(_ => 1L).reduceByKey(_ + _).collect()
  const ones = new MapPartitionsRDD<[K, number], [K, V]>(this, builtinRef('rdd.countOne'), true, 'countByKey');
  const sum = builtinRef('rdd.sum');
  const counts = combineByKeyWithRefs<K, number, number>(
    ones,
    { createCombiner: builtinRef('rdd.identity'), mergeValue: sum, mergeCombiners: sum },
    toPartitioner(undefined, ones),
    true,
    'countByKey',
  );
  return toMap(await counts.collect());
};

RDD.prototype.countByValue = async function <T>(this: RDD<T>): Promise<Map<T, number>> {
  return new MapPartitionsRDD<[T, null], T>(this, builtinRef('rdd.pairWithNull'), false, 'countByValue').countByKey();
};

RDD.prototype.collectAsMap = async function <K, V>(this: RDD<[K, V]>): Promise<Map<K, V>> {
  return toMap(await this.collect());
};

RDD.prototype.lookup = async function <K, V>(this: RDD<[K, V]>, key: K): Promise<V[]> {
  await prepareForJob(this); // a range partitioner places keys only once sampled
  const partitioner = this.partitioner;
  const partitions = partitioner === undefined ? undefined : [partitioner.getPartition(key)];
  const parts = await this.context.runJob<V[]>(this, builtinRef('rdd.lookup', key), partitions);
  return parts.flat() as V[];
};
