/**
 * Incremental state checkpoints, executor side (the driver side is
 * packages/driver/src/streaming/checkpoint/state-checkpoint-data.ts).
 *
 * A state checkpoint directory is a reliable checkpoint directory (part files,
 * `_partitioner`, `_metadata`) whose every partition holds one StateSnapshotPart:
 * either the partition's whole state (`full`) or only what changed since the
 * previous state checkpoint (a delta: set entries, and `null` tombstones for keys
 * removed). The state is rebuilt from the newest full part and the deltas after it,
 * in order — for `mapWithState` as the levels of its state map, which is what they
 * are: a delta is the levels the batches since the last checkpoint added, merged.
 *
 * - `streaming.stateSnapshot.levels(base)`: a MapWithStateRDD's record → its part: the
 *   levels newer than batch `base`, or everything when `base` is null, when a level is
 *   not tagged with its batches, or when one holds changes from both sides of `base`
 *   (compacted across it);
 * - `streaming.stateSnapshot.pairs(slice, slices)`: a `[key, state]` partition → a full
 *   part, or a slice of it;
 * - PairStateDeltaRDD: a `[key, state]` partition against the same partition at the
 *   previous checkpoint → the keys whose state changed (node's isDeepStrictEqual) or
 *   that went away; updateStateByKey and the inverse reduceByKeyAndWindow keep no
 *   record of what changed, so the diff is the only way, and it runs in the background;
 * - StateSnapshotRDD: reads a chain of such directories back, as MapWithStateRecords
 *   (`levels`) or `[key, state]` pairs (`pairs`).
 */
import { isDeepStrictEqual } from 'node:util';
import { partFilePath } from '../checkpoint/checkpoint-files.js';
import { partFileRecords, readPartFile } from '../checkpoint/part-file-reader.js';
import { CheckpointError } from '../errors/index.js';
import { registerBuiltin } from '../functions/index.js';
import { OneToOneDependency, type Dependency } from '../rdd/dependency.js';
import { canonicalKey, isPrimitiveKey } from '../rdd/grouping-key.js';
import type { Partition } from '../rdd/partition.js';
import type { Partitioner, PartitionerPlan } from '../rdd/partitioner.js';
import { partitionerFromPlan } from '../rdd/partitioner-registry.js';
import { getPrepared, setPrepared } from '../rdd/prepared.js';
import type { RddContext } from '../rdd/rdd-context.js';
import { RDD } from '../rdd/rdd.js';
import { registerRddKind } from '../rdd/rdd-registry.js';
import type { CheckpointFiles } from '../rdd/reliable-checkpoint-rdd.js';
import type { TaskContext } from '../rdd/task-context.js';
import { mergeLevels, type MapWithStateRecord, type StateEntry, type StateLevel } from './state-map.js';
import { loadStoredLevel, storeLevels, storePairs, type StoredStateLevel } from './stored-state-level.js';

/**
 * One partition of a state checkpoint directory: `stored` (format 2,
 * stored-state-level.ts says why), or `level`, the Maps themselves, in directories
 * written before it (read, never written).
 */
export interface StateSnapshotPart {
  readonly full: boolean;
  readonly stored?: StoredStateLevel;
  readonly level?: StateLevel<unknown, unknown>;
}

/** A part's level, as a state map reads it. */
export function partLevel(part: StateSnapshotPart, path = 'a state checkpoint part'): StateLevel<unknown, unknown> {
  if (part.stored !== undefined && part.stored !== null) return loadStoredLevel(part.stored);
  if (part.level !== undefined && part.level !== null) return part.level;
  throw new CheckpointError(`${path} holds no state level`, { path });
}

/** How a state stream's RDD holds its state: MapWithStateRecords, or `[key, state]` pairs. */
export type StateForm = 'levels' | 'pairs';

/**
 * The part a MapWithStateRDD record writes: a delta over batch `base` when its levels
 * allow it, else the full state — or, when a full snapshot is written in `slices`
 * slices (each by a job of its own, so that batches run between them), slice `slice`
 * of it: the keys whose hash falls in it. Slice 0 is the full part; the others are
 * written as deltas, which, holding other keys and no tombstones, add to it.
 */
export function levelsSnapshot(levels: readonly StateLevel<unknown, unknown>[], base: number | null, slice = 0, slices = 1): StateSnapshotPart {
  if (base !== null) {
    const separable = levels.every((l) => l.firstBatch !== undefined && l.lastBatch !== undefined && (l.lastBatch <= base || l.firstBatch > base));
    if (separable) return { full: false, stored: storeLevels(levels.filter((l) => l.firstBatch! > base), true) };
  }
  if (slices > 1) return { full: slice === 0, stored: storeLevels(levels, false, (key) => sliceOf(key, slices) === slice) };
  return { full: true, stored: storeLevels(levels, false) };
}

/** Which of `slices` slices a state map key belongs to (composite keys come as their canonical string). */
export function sliceOf(key: unknown, slices: number): number {
  if (typeof key === 'number') return Number.isFinite(key) ? Math.abs(Math.trunc(key)) % slices : 0;
  const s = typeof key === 'string' ? key : String(key);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return (h >>> 0) % slices;
}

registerBuiltin('streaming.stateSnapshot.levels', (base: number | null, slice?: number, slices?: number) => (records: Iterator<MapWithStateRecord<unknown, unknown, unknown>>) => {
  const parts: StateSnapshotPart[] = [];
  for (let r = records.next(); r.done !== true; r = records.next()) parts.push(levelsSnapshot(r.value.levels, base, slice ?? 0, slices ?? 1));
  return parts;
});

/** A mutable level under construction, keyed as the state map keys (primitives by value, others canonically). */
class LevelBuilder {
  readonly primitiveKeys = new Map<unknown, StateEntry<unknown, unknown> | null>();
  readonly compositeKeys = new Map<string, StateEntry<unknown, unknown> | null>();

  set(key: unknown, entry: StateEntry<unknown, unknown> | null): void {
    if (isPrimitiveKey(key)) this.primitiveKeys.set(key, entry);
    else this.compositeKeys.set(canonicalKey(key), entry);
  }

  get(key: unknown): StateEntry<unknown, unknown> | null | undefined {
    return isPrimitiveKey(key) ? this.primitiveKeys.get(key) : this.compositeKeys.get(canonicalKey(key));
  }

  level(): StateLevel<unknown, unknown> {
    return { primitiveKeys: this.primitiveKeys, compositeKeys: this.compositeKeys, minUpdatedAt: 0 };
  }
}

/**
 * A `[key, state]` partition's full part, or slice `slice` of `slices` of it (the keys
 * whose hash falls in it; slice 0 is the full part, the others add to it as deltas of
 * disjoint keys, as levelsSnapshot's slices do).
 */
export function pairsSnapshot(pairs: Iterator<[unknown, unknown]>, slice = 0, slices = 1): StateSnapshotPart {
  return { full: slice === 0, stored: storePairs(pairs, slices > 1 ? (key) => sliceOf(key, slices) === slice : undefined) };
}

registerBuiltin('streaming.stateSnapshot.pairs', (slice?: number, slices?: number) => (pairs: Iterator<[unknown, unknown]>) => [pairsSnapshot(pairs, slice ?? 0, slices ?? 1)]);

/**
 * The delta of a `[key, state]` state RDD since the previous checkpoint's RDD, partition
 * by partition (both are partitioned alike, so partition i of each holds the same keys).
 */
export class PairStateDeltaRDD extends RDD<StateSnapshotPart> {
  readonly kind = 'PairStateDeltaRDD';
  private deps: readonly Dependency<unknown>[];

  constructor(context: RddContext, current: RDD<[unknown, unknown]>, previous: RDD<[unknown, unknown]>, id?: number) {
    super(context, 'stateCheckpoint', id);
    this.deps = [new OneToOneDependency(current), new OneToOneDependency(previous)];
  }

  override get partitioner(): Partitioner | undefined {
    return this.deps[0]!.rdd.partitioner;
  }

  protected getPartitions(): readonly Partition[] {
    return this.deps[0]!.rdd.partitions;
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    return this.deps;
  }

  override markCheckpointed(): void {
    super.markCheckpointed();
    this.deps = [];
  }

  compute(split: Partition, context: TaskContext): Iterator<StateSnapshotPart> {
    const previous = new LevelBuilder();
    const prev = (this.deps[1]!.rdd as RDD<[unknown, unknown]>).iterator(split, context);
    for (let r = prev.next(); r.done !== true; r = prev.next()) previous.set(r.value[0], [r.value[0], r.value[1], 0]);
    const delta = new LevelBuilder();
    const cur = (this.deps[0]!.rdd as RDD<[unknown, unknown]>).iterator(split, context);
    for (let r = cur.next(); r.done !== true; r = cur.next()) {
      const [key, state] = r.value;
      const before = previous.get(key);
      // Seen keys are marked by deleting them from `previous`: what is left went away.
      if (isPrimitiveKey(key)) previous.primitiveKeys.delete(key);
      else previous.compositeKeys.delete(canonicalKey(key));
      if (before === undefined || before === null || !isDeepStrictEqual(before[1], state)) delta.set(key, [key, state, 0]);
    }
    for (const [k] of previous.primitiveKeys) delta.primitiveKeys.set(k, null);
    for (const [k] of previous.compositeKeys) delta.compositeKeys.set(k, null);
    return [{ full: false, stored: storeLevels([delta.level()], true) } satisfies StateSnapshotPart][Symbol.iterator]();
  }

  protected planData(): unknown {
    return {};
  }
}

registerRddKind('PairStateDeltaRDD', (plan, parents, context) => new PairStateDeltaRDD(context, parents[0] as RDD<[unknown, unknown]>, parents[1] as RDD<[unknown, unknown]>, plan.id));

/** One directory of a chain: where, and the part sizes its `_metadata` recorded. */
export interface StateSnapshotDir {
  readonly path: string;
  readonly files: CheckpointFiles;
}

interface SnapshotPlanData {
  readonly dirs: readonly StateSnapshotDir[];
  readonly form: StateForm;
  readonly partitioner: PartitionerPlan | undefined;
}

/**
 * The state read back from a chain of state checkpoint directories, oldest first (a
 * full one, then deltas). A leaf, like every checkpoint RDD: a checkpointed state RDD
 * ships as it.
 */
export class StateSnapshotRDD<T> extends RDD<T> {
  readonly kind = 'StateSnapshotRDD';

  constructor(
    context: RddContext,
    readonly dirs: readonly StateSnapshotDir[],
    readonly form: StateForm,
    private readonly part: Partitioner | undefined,
    id?: number,
  ) {
    super(context, 'stateCheckpoint', id);
    const n = dirs[0]?.files.numPartitions;
    if (n === undefined || dirs.some((d) => d.files.numPartitions !== n)) {
      throw new CheckpointError(`A state checkpoint chain must be non-empty and of directories with the same number of partitions: ${dirs.map((d) => `${d.path} (${d.files.numPartitions})`).join(', ')}`);
    }
  }

  override get partitioner(): Partitioner | undefined {
    return this.part;
  }

  protected getPartitions(): readonly Partition[] {
    return Array.from({ length: this.dirs[0]!.files.numPartitions }, (_, index) => ({ index }));
  }

  override async prepare(split: Partition, context: TaskContext): Promise<void> {
    const buffers: Buffer[] = [];
    for (const dir of this.dirs) {
      buffers.push(await readPartFile(dir.path, split.index, { numPartitions: dir.files.numPartitions, size: dir.files.partSizes[split.index]! }));
    }
    setPrepared(context, this.id, split.index, buffers);
  }

  compute(split: Partition, context: TaskContext): Iterator<T> {
    const buffers = getPrepared<Buffer[]>(context, this.id, split.index);
    if (buffers === undefined) throw new Error(`${this.toString()} partition ${split.index} was computed before it was prepared`);
    const parts = buffers.map((bytes, i) => {
      const path = partFilePath(this.dirs[i]!.path, split.index);
      const records = [...partFileRecords(bytes, path)] as StateSnapshotPart[];
      if (records.length !== 1) throw new CheckpointError(`The state checkpoint part ${path} holds ${records.length} records, not 1`, { path });
      return records[0]!;
    });
    let first = parts.length - 1;
    while (first > 0 && !parts[first]!.full) first--;
    if (!parts[first]!.full) throw new CheckpointError(`The state checkpoint chain ${this.dirs[0]!.path}… has no full snapshot of partition ${split.index}`, { path: this.dirs[0]!.path });
    const levels = parts.slice(first).map((p, i) => partLevel(p, partFilePath(this.dirs[first + i]!.path, split.index)));
    if (this.form === 'levels') return [{ levels, mappedData: [] } as unknown as T][Symbol.iterator]();
    const merged = levels.length === 1 ? levels[0]! : mergeLevels(levels, false);
    return pairsOf(merged) as Iterator<T>;
  }

  protected planData(): unknown {
    const data: SnapshotPlanData = { dirs: this.dirs, form: this.form, partitioner: this.part?.toPlan() };
    return data;
  }
}

function* pairsOf(level: StateLevel<unknown, unknown>): Generator<[unknown, unknown]> {
  for (const entry of level.primitiveKeys.values()) if (entry !== null) yield [entry[0], entry[1]];
  for (const entry of level.compositeKeys.values()) if (entry !== null) yield [entry[0], entry[1]];
}

registerRddKind('StateSnapshotRDD', (plan, _parents, context, resolver) => {
  const data = plan.data as SnapshotPlanData;
  const partitioner = data.partitioner === undefined || data.partitioner === null ? undefined : partitionerFromPlan(data.partitioner, resolver);
  return new StateSnapshotRDD(context, data.dirs, data.form, partitioner, plan.id);
});
