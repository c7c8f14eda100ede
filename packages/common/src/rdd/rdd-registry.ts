/**
 * Rebuilds RDDs from their plans on executors. Every RDD kind registers a rebuild
 * function when its module is imported (rdd/index.ts imports them all), so that a
 * task payload names kinds, not code.
 */
import { InvalidArgumentError } from '../errors/index.js';
import type { FunctionResolver } from '../functions/index.js';
import { StorageLevel } from '../storage/index.js';
import { NarrowDependency } from './dependency.js';
import type { RddContext } from './rdd-context.js';
import type { RDD, RddPlan } from './rdd.js';

/**
 * Rebuilds one RDD from its plan. `parents` are the already-rebuilt RDDs named by
 * `plan.parentIds`, in that order. The result must carry `plan.id` as its id.
 */
export type RddRebuild = (
  plan: RddPlan,
  parents: readonly RDD<unknown>[],
  context: RddContext,
  /** Resolves refs a plan needs while rebuilding (a range partitioner's ordering). */
  resolver: FunctionResolver | undefined,
) => RDD<unknown>;

const rebuilds = new Map<string, RddRebuild>();

export function registerRddKind(kind: string, rebuild: RddRebuild): void {
  rebuilds.set(kind, rebuild);
}

/**
 * Rebuilds the RDDs of `plans` (parents before children, as `collectPlans` orders
 * them) and returns them by id.
 */
export function rebuildRdds(plans: readonly RddPlan[], context: RddContext, resolver?: FunctionResolver): Map<number, RDD<unknown>> {
  const byId = new Map<number, RDD<unknown>>();
  for (const plan of plans) {
    const rebuild = rebuilds.get(plan.kind);
    if (rebuild === undefined) throw new InvalidArgumentError(`Unknown RDD kind ${plan.kind} in a task; is the module that defines it imported?`);
    const parents = plan.parentIds.map((id) => {
      const parent = byId.get(id);
      if (parent === undefined) throw new InvalidArgumentError(`Task plan of RDD ${plan.id} names parent ${id} that is not in the plan`);
      return parent;
    });
    const rdd = rebuild(plan, parents, context, resolver);
    if (plan.name !== undefined) rdd.setName(plan.name);
    rdd.assignStorageLevel(StorageLevel.fromName(plan.storageLevel));
    byId.set(plan.id, rdd);
  }
  return byId;
}

/**
 * The plans of `root` and every RDD reachable from it through narrow dependencies,
 * parents before children. Walks with an explicit stack, not recursion: a lineage
 * of thousands of maps (a long-running stream) must not overflow the call stack.
 */
export function collectPlans(root: RDD<unknown>): RddPlan[] {
  const order: RddPlan[] = [];
  const state = new Map<number, 'open' | 'done'>();
  const stack: Array<{ rdd: RDD<unknown>; expanded: boolean }> = [{ rdd: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      state.set(top.rdd.id, 'done');
      order.push(top.rdd.toPlan());
      continue;
    }
    if (state.has(top.rdd.id)) continue;
    state.set(top.rdd.id, 'open');
    stack.push({ rdd: top.rdd, expanded: true });
    for (const dep of top.rdd.dependencies) {
      if (dep instanceof NarrowDependency && !state.has(dep.rdd.id)) stack.push({ rdd: dep.rdd, expanded: false });
    }
  }
  return order;
}
