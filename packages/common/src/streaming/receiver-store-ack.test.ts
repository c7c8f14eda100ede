/**
 * `Receiver.store` resolves only once the driver has answered the push of the block
 * holding the record (with the write-ahead log on, that answer comes after the block
 * is durable): not before, even while the push is in flight; records stored during a
 * push wait for the next one; and a receiver that stops before its records could be
 * pushed sees its promise rejected.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { KindlingConf } from '../conf/index.js';
import { silentLogger } from '../log/index.js';
import type { ReceiverCommandMessage, ReceiverEndpoint, ReceiverReportMessage } from './receiver-endpoint.js';
import { Receiver } from './receiver.js';
import { ReceiverSupervisor } from './receiver-supervisor.js';

class ManualReceiver extends Receiver<string> {
  onStart(): void {}
  onStop(): void {}
}

/** A driver end whose answers to block pushes the test releases one at a time. */
class GatedEndpoint implements ReceiverEndpoint {
  readonly blocks: string[][] = [];
  readonly gates: Array<() => void> = [];
  stop = false;
  fail = false;
  async report(message: ReceiverReportMessage): Promise<ReceiverCommandMessage> {
    if (message.event === 'block') {
      if (this.fail) throw new Error('driver unreachable');
      await new Promise<void>((resolve) => this.gates.push(resolve));
      this.blocks.push([...(message.records as string[])]);
    }
    return { stop: this.stop, rateLimit: undefined };
  }
  async answerNext(): Promise<void> {
    while (this.gates.length === 0) await sleep(5);
    this.gates.shift()!();
  }
}

const settled = async (p: Promise<void>): Promise<'resolved' | 'rejected' | 'pending'> =>
  Promise.race([p.then(() => 'resolved' as const, () => 'rejected' as const), sleep(30).then(() => 'pending' as const)]);

void test('store resolves when the block holding the record is acknowledged, not before; stores during a push wait for the next one', async () => {
  const endpoint = new GatedEndpoint();
  const receiver = new ManualReceiver();
  const supervisor = new ReceiverSupervisor(receiver, { streamId: 0, attempt: 1, executorId: 'e', endpoint, conf: new KindlingConf({ 'kindling.streaming.blockInterval': '20ms' }), logger: silentLogger() });
  const running = supervisor.run();
  try {
    await sleep(10);
    const first = receiver.store('a');
    const second = receiver.storeMany(['b', 'c']);
    assert.equal(first, second, 'stores between two pushes share one promise');
    while (endpoint.gates.length === 0) await sleep(5);
    // The push of [a, b, c] is in flight: nothing is acknowledged yet.
    assert.equal(await settled(first), 'pending');
    const during = receiver.store('d');
    assert.notEqual(during, first);
    await endpoint.answerNext();
    assert.equal(await settled(first), 'resolved');
    assert.equal(await settled(during), 'pending', 'd was not in the acknowledged block');
    await endpoint.answerNext();
    assert.equal(await settled(during), 'resolved');
    assert.deepEqual(endpoint.blocks, [['a', 'b', 'c'], ['d']]);

    // A stop with records the driver never took: their promise rejects.
    endpoint.fail = true;
    const lost = receiver.store('e');
    receiver.stop('test over');
    await running;
    assert.equal(await settled(lost), 'rejected');
  } finally {
    // Never leave the supervisor's loop running after a failed assertion.
    endpoint.fail = true;
    for (const open of endpoint.gates.splice(0)) open();
    receiver.stop('test over');
    await running;
  }
});
