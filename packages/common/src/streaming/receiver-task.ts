/**
 * The task function that runs a receiver (builtin `streaming.runReceiver`, Spark's
 * startReceiverFunc): rebuilds the receiver on the executor — an object of its
 * class (resolved by reference) carrying the fields copied from the driver — and
 * runs it under a ReceiverSupervisor until it stops. The task holds one task slot of
 * its executor for as long as the receiver runs, as in Spark.
 */
import { IllegalStateError, InvalidArgumentError } from '../errors/index.js';
import { registerBuiltin } from '../functions/index.js';
import type { TaskContext } from '../rdd/task-context.js';
import type { Receiver } from './receiver.js';
import { ReceiverSupervisor } from './receiver-supervisor.js';

export const RUN_RECEIVER_BUILTIN = 'streaming.runReceiver';

/** An object of `receiverClass` with `fields` as its own properties; the constructor does not run. */
export function rebuildReceiver(receiverClass: unknown, fields: Readonly<Record<string, unknown>>): Receiver<unknown> {
  if (typeof receiverClass !== 'function' || typeof (receiverClass.prototype as { onStart?: unknown } | undefined)?.onStart !== 'function') {
    throw new InvalidArgumentError('The receiver reference does not name a Receiver class (one with onStart and onStop)');
  }
  return Object.assign(Object.create(receiverClass.prototype as object) as Receiver<unknown>, fields);
}

registerBuiltin(
  RUN_RECEIVER_BUILTIN,
  (receiverClass: unknown, fields: Record<string, unknown>, streamId: number, attempt: number) =>
    async (_records: Iterator<unknown>, context: TaskContext): Promise<number> => {
      const endpoint = context.env.receiverEndpoint;
      if (endpoint === undefined) throw new IllegalStateError('This executor cannot run receivers: it has no channel to the driver for received blocks');
      const receiver = rebuildReceiver(receiverClass, fields);
      const supervisor = new ReceiverSupervisor(receiver, {
        streamId,
        attempt,
        executorId: context.env.executorId,
        endpoint,
        conf: context.env.conf,
        logger: context.logger,
      });
      return supervisor.run();
    },
);
