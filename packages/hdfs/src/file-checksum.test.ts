import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32c } from '@kindling/common';
import { fileChecksum } from './file-checksum.js';

let dir = '';

void describe('GETFILECHECKSUM (MD5-of-MD5-of-CRC32C)', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindling-checksum-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  void it('one block: MD5 over the MD5 of the big-endian CRC32C of each 512-byte chunk', async () => {
    const data = Buffer.alloc(1300);
    for (let i = 0; i < data.length; i++) data[i] = i % 256;
    await writeFile(join(dir, 'f'), data);
    const crcs = Buffer.alloc(12);
    [data.subarray(0, 512), data.subarray(512, 1024), data.subarray(1024)].forEach((c, i) => crcs.writeUInt32BE(crc32c(c), i * 4));
    const expected = createHash('md5').update(createHash('md5').update(crcs).digest()).digest('hex');
    const checksum = await fileChecksum(join(dir, 'f'), '/f');
    assert.deepEqual(checksum, { algorithm: 'MD5-of-0MD5-of-512CRC32C', bytes: `00000200${'0'.repeat(16)}${expected}`, length: 28 });
  });

  void it('several blocks: crcPerBlock is blockSize/512 and each block has its own MD5', async () => {
    const data = Buffer.alloc(2048 + 100, 7);
    await writeFile(join(dir, 'g'), data);
    const blockMd5 = (bytes: Buffer): Buffer => {
      const crcs = Buffer.alloc(Math.ceil(bytes.length / 512) * 4);
      for (let i = 0; i < bytes.length; i += 512) crcs.writeUInt32BE(crc32c(bytes.subarray(i, i + 512)), (i / 512) * 4);
      return createHash('md5').update(crcs).digest();
    };
    const expected = createHash('md5').update(blockMd5(data.subarray(0, 1024))).update(blockMd5(data.subarray(1024, 2048))).update(blockMd5(data.subarray(2048))).digest('hex');
    const checksum = await fileChecksum(join(dir, 'g'), '/g', 1024);
    assert.equal(checksum.algorithm, 'MD5-of-2MD5-of-512CRC32C');
    assert.equal(checksum.bytes, `00000200${'0000000000000002'}${expected}`);
  });

  void it('an empty file has Hadoop\'s empty checksum', async () => {
    await writeFile(join(dir, 'empty'), '');
    assert.deepEqual(await fileChecksum(join(dir, 'empty'), '/empty'), {
      algorithm: 'MD5-of-0MD5-of-0CRC32',
      bytes: `${'0'.repeat(24)}d41d8cd98f00b204e9800998ecf8427e`,
      length: 28,
    });
  });
});
