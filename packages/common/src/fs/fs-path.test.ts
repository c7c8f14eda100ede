import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgumentError } from '../errors/index.js';
import { Path, parseFsUri } from './fs-path.js';

void describe('fs paths', () => {
  void it('parses file, webhdfs and hdfs URIs and bare paths', () => {
    assert.deepEqual(parseFsUri('file:///tmp/a'), { scheme: 'file', authority: '', path: '/tmp/a' });
    assert.deepEqual(parseFsUri('file:/tmp/a/'), { scheme: 'file', authority: '', path: '/tmp/a' });
    assert.deepEqual(parseFsUri('WebHDFS://nn:9870'), { scheme: 'webhdfs', authority: 'nn:9870', path: '/' });
    assert.deepEqual(parseFsUri('hdfs://nn:9870//a//b/./c/../d'), { scheme: 'hdfs', authority: 'nn:9870', path: '/a/b/d' });
    assert.deepEqual(parseFsUri('/x/y'), { scheme: '', authority: '', path: '/x/y' });
  });

  void it('keeps the path raw: percent signs, hashes and question marks are part of names', () => {
    assert.equal(Path.name('webhdfs://nn:1/d/a%20b#c?d'), 'a%20b#c?d');
  });

  void it('join, parent and name keep scheme and authority', () => {
    assert.equal(Path.join('webhdfs://nn:9870/ckpt', 'rdd-1', 'part-00000'), 'webhdfs://nn:9870/ckpt/rdd-1/part-00000');
    assert.equal(Path.join('file:///tmp/', 'a'), 'file:///tmp/a');
    assert.equal(Path.parent('hdfs://nn:1/a/b'), 'hdfs://nn:1/a');
    assert.equal(Path.parent('hdfs://nn:1/a'), 'hdfs://nn:1/');
    assert.equal(Path.parent('hdfs://nn:1/'), undefined);
    assert.equal(Path.name('file:///a/b.txt'), 'b.txt');
    assert.equal(Path.join('/a/b', '../c'), '/a/c');
    assert.equal(Path.join('/a', '../../..'), '/');
  });

  void it('rejects relative paths and scheme-only URIs with a clear error', () => {
    assert.throws(() => parseFsUri('tmp/x'), InvalidArgumentError);
    assert.throws(() => parseFsUri('file:tmp'), /no absolute path/);
  });
});
