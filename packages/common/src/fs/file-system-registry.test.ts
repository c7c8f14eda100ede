import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgumentError } from '../errors/index.js';
import { closeAllFileSystems, getFileSystem, newFileSystem } from './file-system-registry.js';
import { LocalFileSystem } from './local-file-system.js';
import { WebHdfsFileSystem } from './webhdfs/webhdfs-file-system.js';

void describe('getFileSystem', () => {
  void it('picks the implementation by scheme; bare absolute paths are local', () => {
    assert.ok(getFileSystem('file:///tmp/x') instanceof LocalFileSystem);
    assert.ok(getFileSystem('/tmp/x') instanceof LocalFileSystem);
    const hdfs = getFileSystem('hdfs://nn:9870/ckpt');
    assert.ok(hdfs instanceof WebHdfsFileSystem);
    assert.equal(hdfs.uri, 'hdfs://nn:9870/');
    assert.equal(getFileSystem('webhdfs://nn/x').uri, 'webhdfs://nn:9870/', 'the namenode HTTP port defaults to 9870');
  });

  void it('caches one client per scheme, authority and user', async () => {
    assert.equal(getFileSystem('webhdfs://nn:9870/a'), getFileSystem('webhdfs://nn:9870/b'));
    assert.equal(getFileSystem('webhdfs://nn/a'), getFileSystem('webhdfs://nn:9870/b'));
    assert.notEqual(getFileSystem('webhdfs://nn:9870/a'), getFileSystem('webhdfs://other:9870/a'));
    assert.notEqual(getFileSystem('webhdfs://nn:9870/a', { webhdfs: { user: 'alice' } }), getFileSystem('webhdfs://nn:9870/a'));
    assert.notEqual(newFileSystem('webhdfs://nn:9870/a'), getFileSystem('webhdfs://nn:9870/a'));
    const before = getFileSystem('webhdfs://nn:9870/a');
    await closeAllFileSystems();
    assert.notEqual(getFileSystem('webhdfs://nn:9870/a'), before);
  });

  void it('refuses unknown schemes and relative paths with one clear line', () => {
    assert.throws(() => getFileSystem('s3://bucket/x'), (e: unknown) => e instanceof InvalidArgumentError && /scheme "s3" is not one of file, webhdfs, hdfs/.test(e.message));
    assert.throws(() => getFileSystem('ckpt/dir'), InvalidArgumentError);
  });
});
