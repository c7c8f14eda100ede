/**
 * docker-compose.yml and the Dockerfile, checked statically (Docker does not run on
 * the machines that run this suite, so none of this has been started): the HDFS
 * services configured as shared/reference/webhdfs.md says, their volumes owned by
 * the image's user and the name directory formatted explicitly and only once,
 * health checks that mean ready, the driver in kindling:// mode on the checkpoint
 * example against webhdfs://namenode:9870, executors that scale and restart, the
 * documented `--exit-code-from driver`, and every path referred to present in the
 * repository.
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
  healthcheck?: { test: string[] | string; interval?: string; timeout?: string; retries?: number };
  deploy?: { replicas?: number | string };
  restart?: string;
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as Compose;
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

/** The lines of a `bash -c` script, trimmed, without blank ones. */
function scriptLines(script: string): string[] {
  return script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** The shell command of a CMD-SHELL health check. */
function healthCommand(s: Service): string {
  const test = s.healthcheck?.test;
  assert.ok(Array.isArray(test) && test[0] === 'CMD-SHELL' && typeof test[1] === 'string', 'a CMD-SHELL health check');
  return test[1];
}

function seconds(duration: string): number {
  const match = /^(\d+)(s|m)$/.exec(duration);
  assert.ok(match !== null, `duration ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
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
      const env = s.environment ?? {};
      assert.equal(env['CORE-SITE.XML_fs.defaultFS'], 'hdfs://namenode');
      assert.equal(env['HDFS-SITE.XML_dfs.namenode.rpc-address'], 'namenode:8020');
      assert.equal(env['HDFS-SITE.XML_dfs.webhdfs.enabled'], 'true');
      assert.equal(env['HDFS-SITE.XML_dfs.permissions.enabled'], 'false');
      assert.equal(env['HDFS-SITE.XML_dfs.replication'], '1');
    }
    assert.ok(service('namenode').ports?.includes('9870:9870'));
    assert.ok(service('datanode').ports?.includes('9864:9864'));
  });

  void test('HDFS keeps its data in named volumes at /data, where the name and data directories are configured', () => {
    for (const [name, key, dir] of [
      ['namenode', 'HDFS-SITE.XML_dfs.namenode.name.dir', '/data/namenode'],
      ['datanode', 'HDFS-SITE.XML_dfs.datanode.data.dir', '/data/datanode'],
    ] as const) {
      const s = service(name);
      // Not under hadoop.tmp.dir, whose path depends on the user that runs the command.
      assert.equal(s.environment?.[key], dir, `${name}: ${key}`);
      const volume = (s.volumes ?? []).find((v) => v.endsWith(':/data'));
      assert.ok(volume !== undefined, `${name} mounts a volume at /data`);
      const volumeName = volume.split(':')[0]!;
      assert.ok(compose.volumes !== undefined && volumeName in compose.volumes, `${volumeName} is a named volume`);
    }
  });

  void test('the image\'s format-if-missing check is not relied on: the namenode formats explicitly, only when current/VERSION is absent', () => {
    const namenode = service('namenode');
    // starter.sh formats only when ENSURE_NAMENODE_DIR does not exist, which a mounted volume always does.
    assert.equal(namenode.environment?.['ENSURE_NAMENODE_DIR'], undefined);
    const command = commandOf(namenode);
    assert.deepEqual(command.slice(0, 2), ['bash', '-c']);
    const lines = scriptLines(command[2]!);
    assert.equal(lines[0], 'set -e', 'a failed format or chown stops the container instead of starting an unformatted namenode');
    const guard = lines.findIndex((l) => l === 'if [ ! -f /data/namenode/current/VERSION ]; then');
    assert.ok(guard > 0, 'the format is guarded by the VERSION file of the configured name directory');
    assert.match(lines[guard + 1]!, /^hdfs namenode -format -nonInteractive( -force)?( -clusterid \w+)?$/);
    assert.equal(lines[guard + 2], 'fi');
    assert.equal(lines.at(-1), 'exec hdfs namenode', 'then runs the namenode as the container\'s main process');
  });

  void test('each HDFS service takes ownership of its root-owned volume before using it', () => {
    for (const name of ['namenode', 'datanode']) {
      const command = commandOf(service(name));
      assert.deepEqual(command.slice(0, 2), ['bash', '-c'], `${name} runs a script`);
      const lines = scriptLines(command[2]!);
      const chown = lines.indexOf('sudo chown hadoop /data');
      assert.ok(chown > 0, `${name} chowns /data to the image's user`);
      assert.ok(chown < lines.findIndex((l) => l.includes(`hdfs ${name}`)), `${name}: before any hdfs command`);
      assert.equal(lines.at(-1), `exec hdfs ${name}`);
      // Compose interpolates $VAR in the file: a script with one would be mangled.
      assert.ok(!command[2]!.includes('$'), `${name}'s script has no $ for compose to interpolate`);
    }
  });

  void test('health checks mean ready: the namenode out of safe mode with a live datanode, the datanode live', () => {
    const namenode = healthCommand(service('namenode'));
    assert.match(namenode, /hdfs dfsadmin -safemode get \| grep -q 'Safe mode is OFF'/);
    assert.match(namenode, /hdfs dfsadmin -report -live \| grep -Eq 'Live datanodes \\\(\[1-9\]'/);
    assert.match(healthCommand(service('datanode')), /hdfs dfsadmin -report -live \| grep -Eq 'Live datanodes \\\(\[1-9\]'/);
    for (const name of ['namenode', 'datanode']) {
      const check = service(name).healthcheck!;
      // A JVM per check: a 5 s timeout would fail them on a busy laptop.
      assert.ok(seconds(check.timeout ?? '30s') >= 20, `${name}'s check may take a JVM start`);
      assert.ok((check.retries ?? 3) * seconds(check.interval ?? '30s') >= 120, `${name} has minutes to become ready`);
    }
    // Healthy needs a live datanode, so the datanode cannot wait for a healthy namenode.
    assert.equal(service('datanode').depends_on?.['namenode']?.condition, 'service_started');
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

  void test('executors point at the driver, start after it is healthy, scale (no fixed name or host port) and restart on failure', () => {
    const executor = service('executor');
    assert.equal(executor.restart, 'on-failure');
    assert.deepEqual(commandOf(executor).slice(0, 3), ['executor', '--driver', 'driver:7077']);
    assert.equal(executor.image, service('driver').image, 'one image for the driver and the executors');
    assert.equal(executor.depends_on?.['driver']?.condition, 'service_healthy');
    assert.equal(executor.hostname, undefined);
    assert.equal(executor.container_name, undefined);
    assert.equal(executor.ports, undefined);
    assert.equal(executor.environment?.['KINDLING_AUTHENTICATE_SECRET'], service('driver').environment?.['KINDLING_AUTHENTICATE_SECRET'], 'driver and executors share the secret');
  });

  void test('the file documents running it with --exit-code-from driver, and no service exits early to cut that short', () => {
    assert.match(composeText, /^#\s+docker compose up --build --exit-code-from driver\b/m);
    // --exit-code-from implies --abort-on-container-exit: a one-shot service would stop the cluster.
    for (const [name, s] of Object.entries(services)) {
      if (name === 'driver') continue;
      const command = Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? '');
      assert.ok(name === 'executor' || /exec hdfs (namenode|datanode)$/.test(command.trim()), `${name} runs for as long as the cluster does`);
    }
    assert.equal(service('driver').restart, 'no', 'the job runs once; its exit code is the result');
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
