import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultMaster, parseConfPair, parseProperties, submitSettings } from './submit-settings.js';
import { UsageError } from './usage-error.js';

const dir = await mkdtemp(join(tmpdir(), 'kindling-settings-test-'));
after(() => rm(dir, { recursive: true, force: true }));

void describe('submitSettings', () => {
  void it('applies flags over --conf over --properties-file, and maps flags to kindling.* keys', async () => {
    const file = join(dir, 'kindling-defaults.conf');
    await writeFile(
      file,
      ['# defaults', '! also a comment', '', 'kindling.master local-inprocess', 'kindling.a = from-file', 'kindling.b: from-file', 'kindling.c=from-file'].join('\n'),
    );
    const settings = await submitSettings({
      propertiesFile: file,
      conf: ['kindling.b=from-conf', 'kindling.c=x=y', 'kindling.app.name=conf-name'],
      name: 'flag-name',
      numExecutors: '3',
      executorMemory: '2G',
      uiPort: '4041',
      supervise: true,
    });
    assert.equal(settings.master, 'local-inprocess');
    assert.equal(settings.appName, 'flag-name');
    assert.equal(settings.supervise, true);
    assert.deepEqual(Object.fromEntries(settings.conf.getAll()), {
      'kindling.master': 'local-inprocess',
      'kindling.a': 'from-file',
      'kindling.b': 'from-conf',
      'kindling.c': 'x=y',
      'kindling.app.name': 'flag-name',
      'kindling.executor.instances': '3',
      'kindling.executor.memory': '2g',
      'kindling.ui.port': '4041',
      'kindling.driver.supervise': 'true',
    });
  });

  void it('defaults the master and lets --master win over kindling.master', async () => {
    assert.equal((await submitSettings({ conf: [] })).master, defaultMaster);
    assert.equal((await submitSettings({ conf: ['kindling.master=local[3]'], master: 'kindling://10.0.0.1:7077' })).master, 'kindling://10.0.0.1:7077');
  });

  void it('rejects malformed values as usage errors that name the flag', async () => {
    const bad: Array<[Parameters<typeof submitSettings>[0], RegExp]> = [
      [{ conf: [], master: 'yarn' }, /^Invalid master URL 'yarn'/],
      [{ conf: [], master: 'local[0]' }, /^Invalid master URL 'local\[0\]'/],
      [{ conf: [], master: 'kindling://host' }, /^Invalid master URL/],
      [{ conf: ['novalue'] }, /^--conf expects key=value/],
      [{ conf: ['=v'] }, /^--conf expects key=value/],
      [{ conf: [], numExecutors: 'two' }, /^--num-executors expects a positive integer, got 'two'/],
      [{ conf: [], executorMemory: 'lots' }, /^--executor-memory expects a size/],
      [{ conf: [], uiPort: '70000' }, /^--ui-port expects a port number/],
      [{ conf: [], propertiesFile: join(dir, 'missing.conf') }, /^--properties-file .*missing\.conf cannot be read \(no such file\)$/],
    ];
    for (const [flags, message] of bad) {
      await assert.rejects(submitSettings(flags), (e: unknown) => e instanceof UsageError && message.test(e.message), `${JSON.stringify(flags)}`);
    }
  });

  void it('accepts every documented master form', async () => {
    for (const master of ['local-inprocess', 'local', 'local[4]', 'local[*]', 'kindling://0.0.0.0:7077', 'kindling://[::1]:7077']) {
      assert.equal((await submitSettings({ conf: [], master })).master, master);
    }
  });
});

void describe('parseConfPair and parseProperties', () => {
  void it('split at the first separator and keep the rest of the value', () => {
    assert.deepEqual(parseConfPair('k=v=w'), ['k', 'v=w']);
    assert.deepEqual(parseConfPair('k='), ['k', '']);
    assert.deepEqual(parseProperties('a=1\nb 2\nc:3\nd\n  # indented comment\ne =  spaced value  ', 'f'), [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', ''],
      ['e', 'spaced value'],
    ]);
  });
});

void describe('--upgrade and --allow-dropped-state', () => {
  void it('become the streaming upgrade keys; --allow-dropped-state alone is a usage error', async () => {
    const conf = (await submitSettings({ conf: [], upgrade: true, allowDroppedState: true })).conf;
    assert.equal(conf.get('kindling.streaming.upgrade'), 'true');
    assert.equal(conf.get('kindling.streaming.upgrade.allowDroppedState'), 'true');
    assert.equal((await submitSettings({ conf: [] })).conf.get('kindling.streaming.upgrade'), undefined);
    await assert.rejects(submitSettings({ conf: [], allowDroppedState: true }), (e: unknown) => e instanceof UsageError && /--allow-dropped-state only applies with --upgrade/.test(e.message));
  });
});
