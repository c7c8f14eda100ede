/**
 * docker-compose.yml and the Dockerfile, checked statically (Docker does not run on
 * the machines that run this suite): the HDFS services configured as
 * shared/reference/webhdfs.md says, the driver in kindling:// mode on the checkpoint
 * example against webhdfs://namenode:9870, scalable executors pointing at it, health
 * checks and start order, and every path they refer to present in the repository.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';

const root = new URL('../../../../', import.meta.url).pathname;

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  hostname?: string;
  container_name?: string;
  command?: string[] | string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; interval?: string; retries?: number };
  deploy?: { replicas?: number | string };
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const services = compose.services;

function service(name: string): Service {
  const s = services[name];
  assert.ok(s !== undefined, `service ${name} is defined`);
  return s;
}

function commandOf(s: Service): string[] {
  assert.ok(Array.isArray(s.command), 'commands are exec-form lists');
  return s.command;
}

/** `${VAR:-default}` → default, as compose would resolve it with VAR unset. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

void describe('docker-compose.yml', () => {
  void test('has the HDFS namenode and datanode, the driver and the executors', () => {
    assert.deepEqual(Object.keys(services).sort(), ['datanode', 'driver', 'executor', 'namenode']);
  });

  void test('HDFS runs Hadoop 3 configured as the WebHDFS reference says', () => {
    for (const name of ['namenode', 'datanode']) {
      const s = service(name);
      assert.match(s.image ?? '', /^apache\/hadoop:3\.(4\.1|3\.6)$/);
      assert.equal(s.hostname, name, `${name} has a fixed hostname (the 307 redirects name the datanode)`);
      assert.deepEqual(commandOf(s), ['hdfs', name]);
      const env = s.environment ?? {};
      assert.equal(env['CORE-SITE.XML_fs.defaultFS'], 'hdfs://namenode');
      assert.equal(env['HDFS-SITE.XML_dfs.namenode.rpc-address'], 'namenode:8020');
      assert.equal(env['HDFS-SITE.XML_dfs.webhdfs.enabled'], 'true');
      assert.equal(env['HDFS-SITE.XML_dfs.permissions.enabled'], 'false');
      assert.equal(env['HDFS-SITE.XML_dfs.replication'], '1');
      assert.ok(s.healthcheck !== undefined, `${name} has a health check`);
    }
    assert.ok(service('namenode').ports?.includes('9870:9870'));
    assert.ok(service('datanode').ports?.includes('9864:9864'));
    assert.equal(service('datanode').depends_on?.['namenode']?.condition, 'service_healthy');
  });

  void test('HDFS keeps its data in named volumes, and the namenode formats only an empty name directory', () => {
    const nameDir = service('namenode').environment?.['ENSURE_NAMENODE_DIR'];
    assert.equal(nameDir, '/tmp/hadoop-hadoop/dfs/name');
    for (const [name, mount] of [['namenode', nameDir], ['datanode', '/tmp/hadoop-hadoop/dfs/data']] as const) {
      const volume = (service(name).volumes ?? []).find((v) => v.endsWith(`:${mount}`));
      assert.ok(volume !== undefined, `${name} mounts a volume at ${mount}`);
      const volumeName = volume.split(':')[0]!;
      assert.ok(compose.volumes !== undefined && volumeName in compose.volumes, `${volumeName} is a named volume`);
    }
  });

  void test('the driver runs the checkpoint example in kindling:// mode against webhdfs://namenode:9870, after HDFS is healthy', () => {
    const driver = service('driver');
    const command = commandOf(driver).map(withDefaults);
    assert.equal(command[0], 'submit');
    assert.equal(command[command.indexOf('--master') + 1], 'kindling://0.0.0.0:7077');
    const numExecutors = Number(command[command.indexOf('--num-executors') + 1]);
    assert.ok(numExecutors >= 2);
    const job = command.find((arg) => arg.endsWith('.ts'));
    assert.equal(job, 'examples/checkpoint/checkpoint-job.ts');
    assert.ok(existsSync(join(root, job)), `${job} exists`);
    const checkpointDir = command.at(-1)!;
    assert.match(checkpointDir, /^webhdfs:\/\/namenode:9870\/\S+$/);
    assert.ok(driver.ports?.includes('7077:7077'));
    assert.equal(driver.hostname, 'driver');
    assert.equal(driver.depends_on?.['namenode']?.condition, 'service_healthy');
    assert.equal(driver.depends_on?.['datanode']?.condition, 'service_healthy');
    assert.ok(driver.healthcheck !== undefined);
    assert.match(JSON.stringify(driver.healthcheck.test), /7077/);
    assert.equal(String(withDefaults(String(service('executor').deploy?.replicas))), String(numExecutors), 'the driver waits for as many executors as start');
  });

  void test('executors point at the driver, start after it is healthy, and scale (no fixed name or host port)', () => {
    const executor = service('executor');
    assert.deepEqual(commandOf(executor).slice(0, 3), ['executor', '--driver', 'driver:7077']);
    assert.equal(executor.image, service('driver').image, 'one image for the driver and the executors');
    assert.equal(executor.depends_on?.['driver']?.condition, 'service_healthy');
    assert.equal(executor.hostname, undefined);
    assert.equal(executor.container_name, undefined);
    assert.equal(executor.ports, undefined);
    assert.equal(executor.environment?.['KINDLING_AUTHENTICATE_SECRET'], service('driver').environment?.['KINDLING_AUTHENTICATE_SECRET'], 'driver and executors share the secret');
  });

  void test('the driver image is built from this repository\'s Dockerfile', () => {
    const build = service('driver').build;
    const context = typeof build === 'string' ? build : build?.context;
    assert.equal(context, '.');
    assert.ok(existsSync(join(root, 'Dockerfile')));
  });
});

void describe('Dockerfile', () => {
  const instructions = dockerfile
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => line.trim());

  void test('builds on node:20-slim, installs with pnpm 10 from the lockfile and builds', () => {
    assert.equal(instructions[0], 'FROM node:20-slim');
    assert.ok(instructions.some((i) => i.startsWith('RUN') && i.includes('npx --yes pnpm@10 install --frozen-lockfile')));
    assert.ok(instructions.some((i) => i.startsWith('RUN') && i.includes('tsc -b')));
  });

  void test('copies only paths that exist, and its entry point is the kindling CLI', () => {
    for (const copy of instructions.filter((i) => i.startsWith('COPY '))) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const source of sources) assert.ok(existsSync(join(root, source)), `${copy}: ${source} exists`);
    }
    const entry = /^ENTRYPOINT \["node", "\/opt\/kindling\/(.+)"\]$/.exec(instructions.find((i) => i.startsWith('ENTRYPOINT')) ?? '');
    assert.ok(entry !== null);
    const source = entry[1]!.replace(/^packages\/(\w+)\/dist\/(.+)\.js$/, 'packages/$1/src/$2.ts');
    assert.ok(existsSync(join(root, source)), `${source} exists`);
  });

  void test('.dockerignore keeps the host\'s installs and builds out of the image', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const pattern of ['**/node_modules', '**/dist', '.git']) assert.ok(ignored.includes(pattern), pattern);
  });
});
