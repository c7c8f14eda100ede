/**
 * Executor-side authentication: an executor's own gRPC service (ExecutorService)
 * refuses callers without the shared secret — not only the driver refuses
 * executors. Without this, anyone who can reach an executor's port could hand it
 * tasks, read its shuffle blocks or shut it down.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  KindlingConf,
  RpcError,
  RpcSecurity,
  createClient,
  grpc,
  kindlingProto,
  unary,
  type ExecutorServiceClient,
} from '@kindling/common';
import { capturingLogger, clusterContext, isAlive } from './testing/cluster-test-support.js';

const secret = 'executor-auth-secret';

function client(address: string, conf: Record<string, string>): ExecutorServiceClient {
  return createClient(kindlingProto().ExecutorService, address, RpcSecurity.fromConf(new KindlingConf(conf), {}));
}

async function statusOf(call: Promise<unknown>): Promise<{ code: number; details: string } | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    // A raw grpc ServiceError (numeric code) or an RpcError (gRPC status in `status`).
    if (error instanceof RpcError) return { code: error.status, details: error.message };
    const e = error as grpc.ServiceError;
    return { code: e.code, details: e.details };
  }
}

/** Reads a server stream to its end; rejects with the stream's error. */
function drain(stream: grpc.ClientReadableStream<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('data', () => undefined);
    stream.once('error', reject);
    stream.once('end', resolve);
  });
}

void test('an executor refuses every call made with a wrong or missing secret, and keeps serving its driver', async () => {
  const { kc, backend } = await clusterContext('local[2]', { conf: new KindlingConf({ 'kindling.authenticate.secret': secret }), logger: capturingLogger('warn').logger });
  const opened: ExecutorServiceClient[] = [];
  try {
    const executorId = backend.executorIds()[0]!;
    const address = backend.executorAddress(executorId)!;
    const deadline = (): Date => new Date(Date.now() + 5_000);

    for (const [who, conf] of [
      ['a wrong secret', { 'kindling.authenticate.secret': 'not-the-secret' }],
      ['no secret', {}],
    ] as const) {
      const intruder = client(address, conf);
      opened.push(intruder);
      const metadata = (): grpc.Metadata => RpcSecurity.fromConf(new KindlingConf(conf), {}).callMetadata(kc.appId);
      const refused = [
        ['Shutdown', await statusOf(unary((cb) => intruder.shutdown({ reason: 'intruder' }, metadata(), { deadline: deadline() }, cb)))],
        ['KillTask', await statusOf(unary((cb) => intruder.killTask({ taskId: 0, reason: 'intruder' }, metadata(), { deadline: deadline() }, cb)))],
        ['RemoveShuffle', await statusOf(unary((cb) => intruder.removeShuffle({ shuffleId: 0 }, metadata(), { deadline: deadline() }, cb)))],
        [
          'FetchShuffleBlocks',
          await statusOf(drain(intruder.fetchShuffleBlocks({ blocks: [{ shuffleId: 0, mapId: 0, reduceId: 0 }] }, metadata(), { deadline: deadline() }))),
        ],
      ] as const;
      for (const [method, status] of refused) {
        if (status === 'ok') assert.fail(`${method} with ${who} was accepted`);
        assert.equal(status.code, grpc.status.UNAUTHENTICATED, `${method} with ${who}: ${JSON.stringify(status)}`);
        assert.match(status.details, new RegExp(`${method} refused: wrong or missing shared secret \\(kindling\\.authenticate\\.secret\\)`));
      }
    }

    // The same call with the right secret is answered: the refusals above were the secret's doing.
    const trusted = client(address, { 'kindling.authenticate.secret': secret });
    opened.push(trusted);
    const metadata = RpcSecurity.fromConf(new KindlingConf({ 'kindling.authenticate.secret': secret }), {}).callMetadata(kc.appId);
    assert.equal(await statusOf(unary((cb) => trusted.killTask({ taskId: 12345, reason: 'test' }, metadata, { deadline: deadline() }, cb))), 'ok');

    // The refused Shutdown did nothing: the executor still runs the driver's jobs.
    assert.ok(backend.localExecutorPids().every(isAlive));
    assert.deepEqual(backend.executorIds().sort(), ['0', '1']);
    assert.equal(await kc.parallelize([1, 2, 3, 4], 4).map((x: number) => x * 10).reduce((a: number, b: number) => a + b), 100);
  } finally {
    for (const c of opened) c.close();
    await kc.stop();
  }
});
