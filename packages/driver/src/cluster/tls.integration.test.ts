/**
 * TLS on every channel (kindling.ssl.*): a driver and an executor configured with
 * the same certificate authority run a job; an executor without TLS cannot register.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { KindlingConf, silentLogger } from '@kindling/common';
import { clusterContext, freePort, killProcess, startExecutorProcess, type ExecutorProcess } from './testing/cluster-test-support.js';

let dir: string;
let tls: Record<string, string>;
const processes: ExecutorProcess[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindling-tls-test-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  // A self-signed certificate for the loopback address, which is also its own trust root.
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  tls = { 'kindling.ssl.enabled': 'true', 'kindling.ssl.keyFile': key, 'kindling.ssl.certFile': cert, 'kindling.ssl.trustFile': cert };
});

after(async () => {
  await Promise.all(processes.map(killProcess));
  await rm(dir, { recursive: true, force: true });
});

const confFlags = (conf: Record<string, string>): string[] => Object.entries(conf).flatMap(([k, v]) => ['--conf', `${k}=${v}`]);

void test('driver and executor talk over TLS; a plaintext executor cannot register', async () => {
  const port = await freePort();
  const starting = clusterContext(`kindling://127.0.0.1:${port}`, {
    conf: new KindlingConf({ ...tls, 'kindling.authenticate.secret': 'tls-secret' }),
    logger: silentLogger(),
  });
  const env = { KINDLING_AUTHENTICATE_SECRET: 'tls-secret' };
  const plaintext = startExecutorProcess(
    ['--driver', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--work-dir', join(dir, 'plain'), '--conf', 'kindling.executor.registrationTimeout=2s'],
    env,
  );
  processes.push(plaintext);
  const secure = startExecutorProcess(['--driver', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--work-dir', join(dir, 'secure'), ...confFlags(tls)], env);
  processes.push(secure);
  const { kc, backend } = await starting;
  try {
    const words = ['a', 'b', 'a', 'c', 'a'];
    const counts = await kc.parallelize(words, 3).map((w: string) => [w, 1] as [string, number]).reduceByKey((x: number, y: number) => x + y, 2).collect();
    assert.deepEqual(new Map(counts), new Map([['a', 3], ['b', 1], ['c', 1]]));
    const exit = await plaintext.exited;
    assert.equal(exit.code, 1);
    assert.match(plaintext.stderr(), /Cannot reach the driver at 127\.0\.0\.1:\d+ within 2s/);
    assert.equal(backend.executorIds().length, 1);
  } finally {
    await kc.stop();
  }
});
