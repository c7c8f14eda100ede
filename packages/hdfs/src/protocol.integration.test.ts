/**
 * The embedded server answers as Hadoop does (reference/webhdfs.md), request by
 * request with plain HTTP: status codes, RemoteException bodies, redirects, the
 * RENAME variants, path validation, and what a crash or an interrupted upload
 * leaves behind.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmbeddedHdfs, type EmbeddedHdfs } from './embedded-hdfs.js';

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  json(): unknown;
}

let dir = '';
let server: EmbeddedHdfs;
let nn = '';

async function call(method: string, url: string, body?: string): Promise<Answer> {
  const response = await fetch(url, { method, redirect: 'manual', ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, json: () => JSON.parse(text) as unknown };
}

const op = (path: string, query: string): string => `${nn}/webhdfs/v1${path}?user.name=tester&${query}`;

function remote(exception: string, javaClassName: string, message: string): unknown {
  return { RemoteException: { exception, javaClassName, message } };
}

/** Writes a file through both steps of CREATE. */
async function put(path: string, content: string, query = 'overwrite=true'): Promise<Answer> {
  const step1 = await call('PUT', op(path, `op=CREATE&${query}`));
  assert.equal(step1.status, 307, step1.text);
  return call('PUT', step1.headers.get('location') ?? '', content);
}

/** A raw request, for URLs fetch would normalise ('..') or bodies cut short. */
function rawRequest(port: number, method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

void describe('embedded WebHDFS server: protocol', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindling-hdfs-proto-'));
    server = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir, user: 'hdfs' });
    nn = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  void it('CREATE: 307 to the datanode port with an empty body, then 201 with an empty body', async () => {
    const step1 = await call('PUT', op('/c/file.txt', 'op=CREATE&overwrite=false&permission=600'));
    assert.equal(step1.status, 307);
    assert.equal(step1.text, '');
    const location = new URL(step1.headers.get('location') ?? '');
    assert.equal(location.port, String(server.dataPort));
    assert.equal(location.pathname, '/webhdfs/v1/c/file.txt');
    assert.equal(location.searchParams.get('op'), 'CREATE');
    assert.equal(location.searchParams.get('user.name'), 'tester');
    const step2 = await call('PUT', location.href, 'data');
    assert.equal(step2.status, 201);
    assert.equal(step2.text, '');
    assert.equal(step2.headers.get('location'), `hdfs://127.0.0.1:${server.port}/c/file.txt`);
    const status = (await call('GET', op('/c/file.txt', 'op=GETFILESTATUS'))).json() as { FileStatus: Record<string, unknown> };
    assert.equal(status.FileStatus['permission'], '600');
  });

  void it('FileStatus JSON carries every field, in Hadoop\'s key order', async () => {
    await put('/fs/a', '12345');
    const answer = await call('GET', op('/fs/a', 'op=GETFILESTATUS'));
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /application\/json/);
    const status = (answer.json() as { FileStatus: Record<string, unknown> }).FileStatus;
    assert.deepEqual(Object.keys(status), ['accessTime', 'blockSize', 'childrenNum', 'fileId', 'group', 'length', 'modificationTime', 'owner', 'pathSuffix', 'permission', 'replication', 'storagePolicy', 'type']);
    assert.deepEqual([status['length'], status['pathSuffix'], status['permission'], status['type'], status['owner'], status['replication']], [5, '', '644', 'FILE', 'hdfs', 1]);
    const parent = (await call('GET', op('/fs', 'op=GETFILESTATUS'))).json() as { FileStatus: Record<string, unknown> };
    assert.deepEqual([parent.FileStatus['type'], parent.FileStatus['length'], parent.FileStatus['childrenNum'], parent.FileStatus['permission'], parent.FileStatus['replication']], ['DIRECTORY', 0, 1, '755', 0]);
    const list = (await call('GET', op('/fs', 'op=LISTSTATUS'))).json() as { FileStatuses: { FileStatus: Array<Record<string, unknown>> } };
    assert.deepEqual(list.FileStatuses.FileStatus.map((s) => s['pathSuffix']), ['a']);
    const summary = (await call('GET', op('/fs', 'op=GETCONTENTSUMMARY'))).json();
    assert.deepEqual(summary, { ContentSummary: { directoryCount: 1, fileCount: 1, length: 5, quota: -1, spaceConsumed: 5, spaceQuota: -1, typeQuota: {} } });
  });

  void it('missing file: GETFILESTATUS 404 "File does not exist", LISTSTATUS "File … does not exist.", OPEN/APPEND at step 1 "File … not found."', async () => {
    const fnf = (message: string): unknown => remote('FileNotFoundException', 'java.io.FileNotFoundException', message);
    const stat = await call('GET', op('/missing', 'op=GETFILESTATUS'));
    assert.equal(stat.status, 404);
    assert.deepEqual(stat.json(), fnf('File does not exist: /missing'));
    const list = await call('GET', op('/missing', 'op=LISTSTATUS'));
    assert.deepEqual([list.status, list.json()], [404, fnf('File /missing does not exist.')]);
    const open = await call('GET', op('/missing', 'op=OPEN'));
    assert.deepEqual([open.status, open.json()], [404, fnf('File /missing not found.')]);
    const append = await call('POST', op('/missing', 'op=APPEND'));
    assert.deepEqual([append.status, append.json()], [404, fnf('File /missing not found.')]);
  });

  void it('CREATE with overwrite=false on an existing file fails at step 2: 403 FileAlreadyExistsException', async () => {
    await put('/exists', 'old');
    const step1 = await call('PUT', op('/exists', 'op=CREATE&overwrite=false'));
    assert.equal(step1.status, 307, 'step 1 checks nothing, as in Hadoop');
    const step2 = await call('PUT', step1.headers.get('location') ?? '', 'new');
    assert.equal(step2.status, 403);
    assert.deepEqual(step2.json(), remote('FileAlreadyExistsException', 'org.apache.hadoop.fs.FileAlreadyExistsException', '/exists for client 127.0.0.1 already exists'));
    const content = await call('GET', (await call('GET', op('/exists', 'op=OPEN'))).headers.get('location') ?? '');
    assert.equal(content.text, 'old');
  });

  void it('DELETE of a non-empty directory without recursive: 403 PathIsNotEmptyDirectoryException; missing path: false', async () => {
    await put('/d/x', 'x');
    const answer = await call('DELETE', op('/d', 'op=DELETE'));
    assert.equal(answer.status, 403);
    assert.deepEqual(answer.json(), remote('PathIsNotEmptyDirectoryException', 'org.apache.hadoop.fs.PathIsNotEmptyDirectoryException', "`/d is non empty': Directory is not empty"));
    assert.deepEqual((await call('DELETE', op('/d', 'op=DELETE&recursive=true'))).json(), { boolean: true });
    assert.deepEqual((await call('DELETE', op('/d', 'op=DELETE'))).json(), { boolean: false });
  });

  void it('RENAME without renameoptions answers {"boolean": false} for each "cannot" case', async () => {
    await put('/r/a', 'A');
    await put('/r/b', 'B');
    await put('/r/dir/inner', 'i');
    const rename = async (src: string, dst: string): Promise<Answer> => call('PUT', op(src, `op=RENAME&destination=${encodeURIComponent(dst)}`));
    for (const [src, dst] of [['/r/a', '/r/b'], ['/r/none', '/r/c'], ['/r/a', '/r/nope/c'], ['/r/dir', '/r/dir/inner/x']]) {
      const answer = await rename(src ?? '', dst ?? '');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json(), { boolean: false }, `${String(src)} -> ${String(dst)}`);
    }
    assert.deepEqual((await rename('/r/a', '/r/dir')).json(), { boolean: true });
    assert.equal((await call('GET', op('/r/dir/a', 'op=GETFILESTATUS'))).status, 200, 'moved into the existing directory');
  });

  void it('RENAME with renameoptions raises each failure and answers an empty 200 on success', async () => {
    await put('/o/a', 'A');
    await put('/o/b', 'B');
    await put('/o/full/x', 'x');
    await call('PUT', op('/o/empty', 'op=MKDIRS'));
    const rename = (src: string, dst: string, options: string): Promise<Answer> =>
      call('PUT', op(src, `op=RENAME&destination=${encodeURIComponent(dst)}&renameoptions=${options}`));
    const cases: Array<[string, string, string, number, string, string]> = [
      ['/o/a', '/o/b', 'NONE', 403, 'FileAlreadyExistsException', 'rename destination /o/b already exists'],
      ['/o/none', '/o/c', 'OVERWRITE', 404, 'FileNotFoundException', 'rename source /o/none is not found.'],
      ['/o/a', '/o/nope/c', 'OVERWRITE', 404, 'FileNotFoundException', 'rename destination parent /o/nope/c not found.'],
      ['/o/a', '/o/b/c', 'OVERWRITE', 403, 'ParentNotDirectoryException', 'rename destination parent /o/b/c is a file.'],
      ['/o/a', '/o/full', 'OVERWRITE', 403, 'IOException', 'Source /o/a and destination /o/full must both be directories'],
      ['/o/empty', '/o/full', 'OVERWRITE', 403, 'IOException', 'rename destination directory is not empty: /o/full'],
      ['/o/full', '/o/full/x/y', 'OVERWRITE', 403, 'IOException', 'Rename destination /o/full/x/y is a directory or file under source /o/full'],
      ['/o/a', '/o/a', 'OVERWRITE', 403, 'FileAlreadyExistsException', 'The source /o/a and destination /o/a are the same'],
    ];
    for (const [src, dst, options, status, exception, message] of cases) {
      const answer = await rename(src, dst, options);
      assert.equal(answer.status, status, `${src} -> ${dst}: ${answer.text}`);
      const body = answer.json() as { RemoteException: { exception: string; message: string } };
      assert.deepEqual([body.RemoteException.exception, body.RemoteException.message], [exception, message]);
    }
    const ok = await rename('/o/a', '/o/b', 'OVERWRITE');
    assert.deepEqual([ok.status, ok.text], [200, '']);
  });

  void it('OPEN with an offset at or past the end: 403 IOException "Offset=… out of the range", at step 1 and on the datanode', async () => {
    await put('/five', '12345');
    const answer = await call('GET', op('/five', 'op=OPEN&offset=5'));
    assert.equal(answer.status, 403);
    const expected = remote('IOException', 'java.io.IOException', 'Offset=5 out of the range [0, 5); OPEN, path=/five');
    assert.deepEqual(answer.json(), expected);
    const direct = await call('GET', `http://127.0.0.1:${server.dataPort}/webhdfs/v1/five?op=OPEN&offset=9`);
    assert.equal(direct.status, 403);
    const ranged = await call('GET', (await call('GET', op('/five', 'op=OPEN&offset=1&length=3'))).headers.get('location') ?? '');
    assert.deepEqual([ranged.status, ranged.text, ranged.headers.get('content-type')], [200, '234', 'application/octet-stream']);
  });

  void it('a bad op is 400 IllegalArgumentException naming the method\'s enum; op is case-insensitive', async () => {
    const get = await call('GET', op('/', 'op=FOO'));
    assert.equal(get.status, 400);
    assert.deepEqual(get.json(), remote('IllegalArgumentException', 'java.lang.IllegalArgumentException', 'Invalid value for webhdfs parameter "op": No enum constant org.apache.hadoop.hdfs.web.resources.GetOpParam.Op.FOO'));
    const put2 = (await call('PUT', op('/', 'op=GETFILESTATUS'))).json() as { RemoteException: { message: string } };
    assert.match(put2.RemoteException.message, /PutOpParam\.Op\.GETFILESTATUS$/);
    assert.equal((await call('GET', op('/', 'op=getFileStatus'))).status, 200);
    const datanode = await call('GET', `http://127.0.0.1:${server.dataPort}/webhdfs/v1/x?op=FOO`);
    assert.deepEqual([datanode.status, datanode.json()], [400, remote('IllegalArgumentException', 'java.lang.IllegalArgumentException', 'Invalid operation FOO')]);
    const badValue = await call('GET', op('/five', 'op=OPEN&offset=abc'));
    assert.deepEqual([badValue.status, (badValue.json() as { RemoteException: { message: string } }).RemoteException.message], [400, 'Invalid value for webhdfs parameter "offset": Failed to parse "abc" as a radix-10 long integer.']);
  });

  void it('noredirect=true answers 200 {"Location": …} instead of the 307', async () => {
    const answer = await call('PUT', op('/nr', 'op=CREATE&noredirect=true'));
    assert.equal(answer.status, 200);
    const location = (answer.json() as { Location: string }).Location;
    assert.match(location, new RegExp(`^http://127\\.0\\.0\\.1:${server.dataPort}/webhdfs/v1/nr\\?op=CREATE`));
  });

  void it('rejects ".", "..", ":" and paths escaping DIR (also through a symlink) with 400', async () => {
    for (const path of ['/a/../../etc', '/a/./b', '/%2E%2E/x', '/a:b', '/a//b', '/.reserved/tmp']) {
      const answer = await rawRequest(server.port, 'GET', `/webhdfs/v1${path}?op=GETFILESTATUS`);
      assert.equal(answer.status, 400, `${path}: ${answer.body}`);
      assert.equal((JSON.parse(answer.body) as { RemoteException: { exception: string } }).RemoteException.exception, 'InvalidPathException');
    }
    const outside = await mkdtemp(join(tmpdir(), 'kindling-outside-'));
    await writeFile(join(outside, 'secret'), 'secret');
    await symlink(outside, join(dir, 'escape'));
    assert.equal((await call('GET', op('/escape/secret', 'op=GETFILESTATUS'))).status, 400);
    assert.equal((await call('GET', op('/escape/secret', 'op=OPEN'))).status, 400);
    assert.equal((await call('PUT', op('/x', `op=RENAME&destination=${encodeURIComponent('/a/../../x')}`))).status, 400);
    await rm(outside, { recursive: true, force: true });
    await rm(join(dir, 'escape'));
  });

  void it('an upload cut off mid-body leaves no visible file and no leftover upload', async () => {
    const step1 = await call('PUT', op('/cut', 'op=CREATE'));
    const location = new URL(step1.headers.get('location') ?? '');
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: Number(location.port), method: 'PUT', path: location.pathname + location.search, headers: { 'content-length': 10_000_000 } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1_000_000, 1), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 50));
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await call('GET', op('/cut', 'op=GETFILESTATUS'))).status, 404);
    assert.deepEqual(await readdir(join(dir, '.reserved', 'tmp')), []);
  });

  void it('APPEND, CONCAT, TRUNCATE and GETFILECHECKSUM', async () => {
    await put('/ops/a', 'abc');
    const append = await call('POST', (await call('POST', op('/ops/a', 'op=APPEND'))).headers.get('location') ?? '', 'def');
    assert.deepEqual([append.status, append.text], [200, '']);
    await put('/ops/b', 'ghi');
    await put('/ops/c', 'jkl');
    const concat = await call('POST', op('/ops/a', `op=CONCAT&sources=${encodeURIComponent('/ops/b,/ops/c')}`));
    assert.deepEqual([concat.status, concat.text], [200, '']);
    assert.equal((await call('GET', op('/ops/b', 'op=GETFILESTATUS'))).status, 404, 'sources are removed');
    const read = async (): Promise<string> => (await call('GET', (await call('GET', op('/ops/a', 'op=OPEN'))).headers.get('location') ?? '')).text;
    assert.equal(await read(), 'abcdefghijkl');
    assert.deepEqual((await call('POST', op('/ops/a', 'op=TRUNCATE&newlength=4'))).json(), { boolean: true });
    assert.equal(await read(), 'abcd');
    const larger = await call('POST', op('/ops/a', 'op=TRUNCATE&newlength=99'));
    assert.deepEqual([larger.status, (larger.json() as { RemoteException: { exception: string } }).RemoteException.exception], [400, 'HadoopIllegalArgumentException']);
    const checksum = await call('GET', (await call('GET', op('/ops/a', 'op=GETFILECHECKSUM'))).headers.get('location') ?? '');
    const value = (checksum.json() as { FileChecksum: { algorithm: string; bytes: string; length: number } }).FileChecksum;
    assert.deepEqual([value.algorithm, value.length, value.bytes.length], ['MD5-of-0MD5-of-512CRC32C', 28, 56]);
    assert.equal(value.bytes.slice(0, 24), '000002000000000000000000', 'bytesPerCRC 512, crcPerBlock 0');
  });

  void it('files persist across a restart; uploads a crashed server left are swept', async () => {
    await put('/persist/p', 'kept');
    await server.close();
    await mkdir(join(dir, '.reserved', 'tmp'), { recursive: true });
    await writeFile(join(dir, '.reserved', 'tmp', 'stale-upload'), 'half');
    server = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir, user: 'hdfs' });
    nn = `http://127.0.0.1:${server.port}`;
    const content = await call('GET', (await call('GET', op('/persist/p', 'op=OPEN'))).headers.get('location') ?? '');
    assert.equal(content.text, 'kept');
    assert.deepEqual(await readdir(join(dir, '.reserved', 'tmp')), []);
    const root = (await call('GET', op('/', 'op=LISTSTATUS'))).json() as { FileStatuses: { FileStatus: Array<{ pathSuffix: string }> } };
    assert.ok(!root.FileStatuses.FileStatus.some((s) => s.pathSuffix === '.reserved'), 'the server\'s own area is invisible');
  });

  void it('a second server on a busy port fails with one clear line', async () => {
    await assert.rejects(startEmbeddedHdfs({ port: server.port, dataPort: 0, dir }), /Cannot start the embedded WebHDFS namenode on 127\.0\.0\.1:\d+: the port is already in use/);
  });
});
