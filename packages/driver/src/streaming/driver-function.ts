/**
 * A function that runs on the driver once per batch (`foreachRDD`, `transform`).
 *
 * Spark serializes these closures only when checkpointing is on, and then refuses
 * one that cannot be serialized at start ("DStream checkpointing has been enabled
 * but the DStreams with their functions are not serializable"). Kindling does the
 * same with references: the function is called as given, so without checkpoints it
 * may use any driver variable (collect results into an array, update a dashboard);
 * its FunctionRef — or why there is none — is kept for the checkpoint, where the
 * graph must be rebuilt by a restarted driver.
 */
import { ClosureError, InvalidArgumentError, type FunctionRef, type FunctionResolver, type RddContext } from '@kindling/common';

export class DriverFunction<F extends (...args: any[]) => any> {
  /** Kindling's own output (print, saveAsTextFiles): always rebuildable from its builtin ref. */
  static builtin<F extends (...args: any[]) => any>(fn: F, ref: FunctionRef): DriverFunction<F> {
    return new DriverFunction(fn, ref, undefined);
  }

  /** A user function: its ref, or why it has none, is recorded now. */
  static of<F extends (...args: any[]) => any>(fn: F, what: string, context: RddContext): DriverFunction<F> {
    if (typeof fn !== 'function') throw new InvalidArgumentError(`${what} expects a function, got ${fn === null ? 'null' : typeof fn}`);
    try {
      return new DriverFunction(fn, context.functionRef(fn, what), undefined);
    } catch (error) {
      if (!(error instanceof ClosureError)) throw error;
      return new DriverFunction(fn, undefined, error.message);
    }
  }

  /** A function recorded in a checkpoint, resolved in this driver against its bundle. */
  static restore<F extends (...args: any[]) => any>(ref: FunctionRef, resolver: FunctionResolver): DriverFunction<F> {
    return new DriverFunction(resolver.resolve<F>(ref), ref, undefined);
  }

  private constructor(
    readonly fn: F,
    readonly ref: FunctionRef | undefined,
    /** Why the function has no ref: the ClosureError's message. */
    readonly unshippableReason: string | undefined,
  ) {}
}
