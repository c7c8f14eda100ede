/**
 * cogroup and the joins (Spark's PairRDDFunctions): all are a CoGroupedRDD followed
 * by a flatMapValues that pairs up the groups. Co-partitioned inputs (equal
 * partitioners) are read without a shuffle.
 */
import { builtinRef, registerBuiltin } from '../../functions/index.js';
import { CoGroupedRDD } from '../cogrouped-rdd.js';
import { toPartitioner } from '../default-partitioner.js';
import { MapPartitionsRDD } from '../map-partitions-rdd.js';
import { Partitioner } from '../partitioner.js';
import { RDD } from '../rdd.js';

declare module '../rdd.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- T must be declared for the interface to merge with RDD<T>
  interface RDD<T> {
    cogroup<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitioner?: number | Partitioner): RDD<[K, [V[], W[]]]>;
    cogroup<K, V, W1, W2>(this: RDD<[K, V]>, other1: RDD<[K, W1]>, other2: RDD<[K, W2]>, partitioner?: number | Partitioner): RDD<[K, [V[], W1[], W2[]]]>;
    cogroup<K, V, W1, W2, W3>(
      this: RDD<[K, V]>,
      other1: RDD<[K, W1]>,
      other2: RDD<[K, W2]>,
      other3: RDD<[K, W3]>,
      partitioner?: number | Partitioner,
    ): RDD<[K, [V[], W1[], W2[], W3[]]]>;
    join<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitioner?: number | Partitioner): RDD<[K, [V, W]]>;
    /** Keys of this RDD only; a missing right value is undefined (Spark's None). */
    leftOuterJoin<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitioner?: number | Partitioner): RDD<[K, [V, W | undefined]]>;
    rightOuterJoin<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitioner?: number | Partitioner): RDD<[K, [V | undefined, W]]>;
    fullOuterJoin<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitioner?: number | Partitioner): RDD<[K, [V | undefined, W | undefined]]>;
  }
}

type JoinKind = 'inner' | 'left' | 'right' | 'full';

registerBuiltin('rdd.joinGroups', (kind: JoinKind) =>
  function* joinGroups(records: Iterator<[unknown, [unknown[], unknown[]]]>) {
    for (let r = records.next(); !r.done; r = records.next()) {
      const [key, [vs, ws]] = r.value;
      const left = vs.length > 0 || kind === 'inner' || kind === 'left' ? vs : [undefined];
      const right = ws.length > 0 || kind === 'inner' || kind === 'right' ? ws : [undefined];
      if ((kind === 'left' || kind === 'inner') && vs.length === 0) continue;
      if ((kind === 'right' || kind === 'inner') && ws.length === 0) continue;
      for (const v of left) for (const w of right) yield [key, [v, w]];
    }
  },
);

RDD.prototype.cogroup = function (this: RDD<[unknown, unknown]>, ...args: unknown[]): RDD<[unknown, unknown[][]]> {
  const last = args[args.length - 1];
  const spec = last === undefined || typeof last === 'number' || last instanceof Partitioner ? (args.pop() as number | Partitioner | undefined) : undefined;
  const others = args as RDD<[unknown, unknown]>[];
  return CoGroupedRDD.of([this, ...others], toPartitioner(spec, this, ...others), 'cogroup');
} as RDD<unknown>['cogroup'];

function joinWith<K, V, W, R>(left: RDD<[K, V]>, right: RDD<[K, W]>, spec: number | Partitioner | undefined, kind: JoinKind, scope: string): RDD<[K, R]> {
  const grouped = CoGroupedRDD.of<K>([left, right] as RDD<[K, unknown]>[], toPartitioner(spec, left, right), scope);
  return new MapPartitionsRDD<[K, R], [K, unknown[][]]>(grouped, builtinRef('rdd.joinGroups', kind), true, scope);
}

RDD.prototype.join = function <K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitioner?: number | Partitioner): RDD<[K, [V, W]]> {
  return joinWith(this, other, partitioner, 'inner', 'join');
};

RDD.prototype.leftOuterJoin = function <K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitioner?: number | Partitioner): RDD<[K, [V, W | undefined]]> {
  return joinWith(this, other, partitioner, 'left', 'leftOuterJoin');
};

RDD.prototype.rightOuterJoin = function <K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitioner?: number | Partitioner): RDD<[K, [V | undefined, W]]> {
  return joinWith(this, other, partitioner, 'right', 'rightOuterJoin');
};

RDD.prototype.fullOuterJoin = function <K, V, W>(
  this: RDD<[K, V]>,
  other: RDD<[K, W]>,
  partitioner?: number | Partitioner,
): RDD<[K, [V | undefined, W | undefined]]> {
  return joinWith(this, other, partitioner, 'full', 'fullOuterJoin');
};
