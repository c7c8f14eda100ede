/**
 * The accumulators one KindlingContext created (`kc.longAccumulator(name)` …), each
 * registered in the process's AccumulatorContext, where the DAG scheduler merges
 * task updates into it.
 *
 * Named accumulators are also what a streaming checkpoint keeps: after a driver
 * restart they are restored under their old ids (the handles captured by
 * checkpointed DStream functions carry those ids), and `kc.longAccumulator(name)`
 * returns the restored one instead of a new one, so driver code finds it again.
 */
import {
  AccumulatorContext,
  IllegalStateError,
  IncompatibleCheckpointError,
  InvalidArgumentError,
  newAccumulator,
  type AccumulatorKind,
  type AccumulatorV2,
} from '@kindling/common';

/** A named accumulator's value as a checkpoint keeps it. */
export interface AccumulatorSnapshot {
  readonly id: number;
  readonly name: string;
  readonly kind: AccumulatorKind;
  readonly state: unknown;
}

export class ContextAccumulators {
  private readonly owned = new Map<number, AccumulatorV2<unknown, unknown>>();
  /** Old ids of restored accumulators that live on under a new id (see restore). */
  private readonly aliases = new Map<number, AccumulatorV2<unknown, unknown>>();
  /** Names restored by an upgrade, with the checkpoint file: a create of another kind is refused naming it. */
  private readonly upgradedFrom = new Map<string, string>();

  create(kind: AccumulatorKind, name: string | undefined, what: string): AccumulatorV2<unknown, unknown> {
    if (name !== undefined && (typeof name !== 'string' || name === '')) {
      throw new InvalidArgumentError(`${what}: the name must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    if (name !== undefined) {
      const existing = this.named(name);
      if (existing !== undefined) {
        const checkpoint = this.upgradedFrom.get(name);
        if (existing.kind !== kind && checkpoint !== undefined) {
          throw new IncompatibleCheckpointError(
            `${what}('${name}'): the checkpoint ${checkpoint} holds accumulator '${name}' as a ${existing.kind} accumulator, and an upgrade carries a named accumulator's value over only to the same kind. Make it a ${existing.kind} accumulator again, or give the new one another name (it then starts from zero)`,
            { path: checkpoint },
          );
        }
        if (existing.kind !== kind) {
          throw new IllegalStateError(`${what}('${name}'): an accumulator named '${name}' exists already as a ${existing.kind} accumulator; use another name`);
        }
        return existing;
      }
    }
    const accumulator = newAccumulator(kind, AccumulatorContext.newId(), name);
    AccumulatorContext.register(accumulator);
    this.owned.set(accumulator.id, accumulator);
    return accumulator;
  }

  named(name: string): AccumulatorV2<unknown, unknown> | undefined {
    for (const accumulator of this.owned.values()) if (accumulator.name === name) return accumulator;
    return undefined;
  }

  /**
   * The named accumulators' current values (Spark keeps only named ones in its UI;
   * Kindling checkpoints them), once under each id that handles may carry: an alias
   * is recorded too, since checkpointed functions still name the old id.
   */
  snapshot(): AccumulatorSnapshot[] {
    const snapshots: AccumulatorSnapshot[] = [];
    for (const [id, accumulator] of [...this.owned, ...this.aliases]) {
      if (accumulator.name === undefined) continue;
      snapshots.push({ id, name: accumulator.name, kind: accumulator.kind, state: structuredClone(accumulator.state()) });
    }
    return snapshots;
  }

  /**
   * Re-creates checkpointed accumulators under their ids, with their values.
   * `upgradeFrom`: the checkpoint an upgrade restores them from, before the new code's
   * create function runs and asks for them by name.
   */
  restore(snapshots: readonly AccumulatorSnapshot[], upgradeFrom?: string): void {
    for (const snapshot of snapshots) {
      if (upgradeFrom !== undefined) this.upgradedFrom.set(snapshot.name, upgradeFrom);
      let accumulator = this.owned.get(snapshot.id);
      const named = this.named(snapshot.name);
      if (accumulator === undefined && named !== undefined && named.kind === snapshot.kind) {
        // The driver's code made it again before reading the checkpoint: keep that
        // object (the code holds it) and send the old id's updates to it.
        accumulator = named;
        AccumulatorContext.alias(snapshot.id, named);
        this.aliases.set(snapshot.id, named);
      } else if (accumulator === undefined) {
        accumulator = newAccumulator(snapshot.kind, snapshot.id, snapshot.name);
        AccumulatorContext.register(accumulator);
        this.owned.set(snapshot.id, accumulator);
      }
      accumulator.setState(structuredClone(snapshot.state));
    }
  }

  stop(): void {
    for (const id of [...this.owned.keys(), ...this.aliases.keys()]) AccumulatorContext.remove(id);
    this.owned.clear();
    this.aliases.clear();
  }
}
