/**
 * What an upgrade keeps of a checkpoint (docs/DESIGN.md §11): the operators of the
 * checkpointed graph and of the graph the new code built are matched by uid (the one
 * given with `name(uid)`, or the derived one the checkpoint recorded), and each
 * stateful operator and each input source is
 *
 * - kept: same uid, same kind, state re-attachable (the same state version, or a
 *   higher one with a migration; a window over the same batches; a source with the
 *   same parameters) — its state or source position is re-attached;
 * - added: only in the new graph — it starts empty (or from its initial state);
 * - dropped: only in the checkpoint — its state would be lost, so the upgrade is
 *   refused unless dropping is allowed (Flink's --allowNonRestoredState);
 * - incompatible: same uid, but the state cannot be re-attached — always refused,
 *   naming the operator and why.
 *
 * Stateless operators carry nothing across a restart: they are rebuilt from the new
 * code and only counted. A plain function of two descriptions, so the rules are
 * tested without running anything.
 */

/** One operator as the planner sees it, from a checkpoint's DStreamData or a new DStream. */
export interface OperatorView {
  readonly uid: string;
  readonly explicitUid: boolean;
  readonly kind: string;
  /** The operation that made it ("mapWithState", "rateStream"…). */
  readonly scope: string;
  /** The version of its state's shape; 0 for an operator without state. */
  readonly stateVersion: number;
  readonly input: boolean;
  readonly params: Readonly<Record<string, unknown>>;
  /** New side: a migration function is declared. */
  readonly hasMigration: boolean;
  /** Checkpoint side: state checkpoint files recorded (0: none written yet). */
  readonly stateFiles: number;
  /** Checkpoint side: a source position is recorded. */
  readonly hasSourcePosition: boolean;
}

export type UpgradeOutcome = 'kept' | 'added' | 'dropped' | 'incompatible';

export interface UpgradeEntry {
  readonly outcome: UpgradeOutcome;
  readonly what: 'state' | 'source';
  readonly uid: string;
  readonly scope: string;
  /** Kept: what changes on the way (migration, repartitioning); incompatible: why. */
  readonly notes: readonly string[];
  /** Kept state written under an older version: migrated from this one. */
  readonly migrateFrom?: number;
}

export interface UpgradePlan {
  readonly entries: readonly UpgradeEntry[];
  readonly statelessOld: number;
  readonly statelessNew: number;
  /** Reasons that refuse the upgrade whatever the entries say (the batch interval changed). */
  readonly graphProblems: readonly string[];
}

export interface PlanInput {
  readonly old: readonly OperatorView[];
  readonly new: readonly OperatorView[];
  readonly oldBatchMs: number;
  readonly newBatchMs: number;
}

/** Kinds that kept state before checkpoints recorded state versions (state_version 0 everywhere). */
const legacyStatefulKinds = new Set(['InternalMapWithStateDStream', 'StateDStream', 'ReducedWindowedDStream']);

export function isStateful(op: OperatorView): boolean {
  return op.stateVersion > 0;
}

/** An operator of a checkpoint written before state versions were recorded has version 1 if its kind keeps state. */
export function recordedStateVersion(kind: string, stateVersion: number): number {
  return stateVersion > 0 ? stateVersion : legacyStatefulKinds.has(kind) ? 1 : 0;
}

export function planUpgrade(input: PlanInput): UpgradePlan {
  const graphProblems: string[] = [];
  if (input.oldBatchMs !== input.newBatchMs) {
    graphProblems.push(
      `the batch interval changed from ${input.oldBatchMs} ms to ${input.newBatchMs} ms: batch times and state checkpoints are on the old interval's grid; keep ${input.oldBatchMs} ms, or start from a new checkpoint directory`,
    );
  }
  const newByUid = new Map(input.new.map((op) => [op.uid, op]));
  const oldByUid = new Map(input.old.map((op) => [op.uid, op]));
  const entries: UpgradeEntry[] = [];
  for (const old of input.old) {
    const what = old.input ? 'source' : isStateful(old) ? 'state' : undefined;
    if (what === undefined) continue;
    const next = newByUid.get(old.uid);
    if (next === undefined) {
      // A source with nothing recorded (a socket without a write-ahead log) loses nothing.
      if (what === 'source' && !old.hasSourcePosition) continue;
      entries.push({ outcome: 'dropped', what, uid: old.uid, scope: old.scope, notes: [what === 'state' ? 'its state is not in the new graph' : 'its source position is not in the new graph'] });
      continue;
    }
    const problems = what === 'source' ? sourceProblems(old, next) : stateProblems(old, next);
    if (problems.length > 0) {
      entries.push({ outcome: 'incompatible', what, uid: old.uid, scope: old.scope, notes: problems });
      continue;
    }
    const notes = what === 'source' ? [] : stateNotes(old, next);
    const migrate = what === 'state' && next.stateVersion > old.stateVersion;
    entries.push({ outcome: 'kept', what, uid: old.uid, scope: next.scope, notes, ...(migrate ? { migrateFrom: old.stateVersion } : {}) });
  }
  for (const next of input.new) {
    const what = next.input ? 'source' : isStateful(next) ? 'state' : undefined;
    if (what === undefined) continue;
    const old = oldByUid.get(next.uid);
    if (old !== undefined && (old.input || isStateful(old))) continue;
    entries.push({ outcome: 'added', what, uid: next.uid, scope: next.scope, notes: [what === 'state' ? 'starts empty' : 'starts from now'] });
  }
  return {
    entries,
    statelessOld: input.old.filter((op) => !op.input && !isStateful(op)).length,
    statelessNew: input.new.filter((op) => !op.input && !isStateful(op)).length,
    graphProblems,
  };
}

function stateProblems(old: OperatorView, next: OperatorView): string[] {
  if (old.kind !== next.kind || !isStateful(next)) {
    return [`the checkpoint holds ${old.scope} state (${old.kind}) under this uid, the new code has ${next.scope} (${next.kind}); give the new operator another uid`];
  }
  const problems: string[] = [];
  if (next.stateVersion < old.stateVersion) {
    problems.push(`the state version goes down from ${old.stateVersion} to ${next.stateVersion}: state written by newer code cannot be read back`);
  } else if (next.stateVersion > old.stateVersion && !next.hasMigration) {
    problems.push(`the state version goes from ${old.stateVersion} to ${next.stateVersion} with no migration function: declare stateVersion(${next.stateVersion}, migrate)`);
  }
  for (const key of ['windowDuration', 'slideDuration'] as const) {
    if (old.params[key] !== undefined && old.params[key] !== next.params[key]) {
      problems.push(`its ${key === 'windowDuration' ? 'window' : 'slide'} changed from ${String(old.params[key])} ms to ${String(next.params[key])} ms: the checkpointed windows cover other batches`);
    }
  }
  return problems;
}

function stateNotes(old: OperatorView, next: OperatorView): string[] {
  const notes: string[] = [];
  if (next.stateVersion > old.stateVersion) notes.push(`state migrated from version ${old.stateVersion} to ${next.stateVersion}`);
  const layout = (params: Readonly<Record<string, unknown>>): string => canonical([params['partitioner'], params['numPartitions']]);
  if (layout(old.params) !== layout(next.params)) notes.push(`repartitioned from ${partitioning(old.params)} to ${partitioning(next.params)}`);
  if (old.stateFiles === 0) notes.push('no state checkpoint written yet: recomputed by the new code from the replayable input');
  return notes;
}

/** How an operator's state is partitioned, as words for the report. */
function partitioning(params: Readonly<Record<string, unknown>>): string {
  const plan = params['partitioner'] as { kind?: string; numPartitions?: number } | undefined;
  if (plan !== undefined && plan !== null) return `${plan.kind ?? 'a partitioner'}(${plan.numPartitions ?? '?'})`;
  if (typeof params['numPartitions'] === 'number') return `${params['numPartitions']} partitions`;
  return 'its partitioning';
}

function sourceProblems(old: OperatorView, next: OperatorView): string[] {
  if (old.kind !== next.kind) {
    return [`the checkpoint holds the position of a ${old.scope} (${old.kind}) under this uid, the new code has ${next.scope} (${next.kind}); give the new source another uid`];
  }
  const changed = Object.keys({ ...old.params, ...next.params }).filter((key) => canonical(old.params[key]) !== canonical(next.params[key]));
  if (changed.length === 0) return [];
  const describe = changed.map((key) => `${key} ${canonical(old.params[key])} → ${canonical(next.params[key])}`).join(', ');
  return [`its parameters changed (${describe}): the recorded positions mean other records under them; keep them, or give the source a new uid (its old position is then dropped)`];
}

/** Plain data as a comparable string (records keep their key order, as the checkpoint does). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)) ?? 'undefined';
}
