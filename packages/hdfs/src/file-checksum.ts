/**
 * GETFILECHECKSUM as HDFS computes it (MD5MD5CRC32FileChecksum): a CRC32C per
 * 512-byte chunk; per 128 MiB block, the MD5 of its chunk CRCs (big-endian); for the
 * file, the MD5 of the block MD5s. `bytes` is bytesPerCRC (int) + crcPerBlock (long,
 * 0 for a one-block file) + the MD5, in hex — so a file copied from a real HDFS
 * compares equal.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { crc32c, type FileChecksumJson } from '@kindling/common';
import { fromLocalError, Hdfs } from './hdfs-exception.js';
import { hdfsBlockSize } from './hdfs-namespace.js';

const bytesPerCrc = 512;

export async function fileChecksum(local: string, hdfsPath: string, blockSize = hdfsBlockSize): Promise<FileChecksumJson> {
  let handle;
  try {
    handle = await open(local, 'r');
  } catch (error) {
    throw fromLocalError(error, hdfsPath);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Hdfs.fileNotFound(`Path is not a file: ${hdfsPath}`);
    if (info.size === 0) return encode('MD5-of-0MD5-of-0CRC32', 0, 0, createHash('md5').digest());
    const fileMd5 = createHash('md5');
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let blockStart = 0; blockStart < info.size; blockStart += blockSize) {
      const blockEnd = Math.min(info.size, blockStart + blockSize);
      const blockMd5 = createHash('md5');
      for (let position = blockStart; position < blockEnd; ) {
        const want = Math.min(buffer.length, blockEnd - position);
        const { bytesRead } = await handle.read(buffer, 0, want, position);
        if (bytesRead === 0) break;
        const crcs = Buffer.allocUnsafe(Math.ceil(bytesRead / bytesPerCrc) * 4);
        for (let chunk = 0, out = 0; chunk < bytesRead; chunk += bytesPerCrc, out += 4) {
          crcs.writeUInt32BE(crc32c(buffer.subarray(chunk, Math.min(bytesRead, chunk + bytesPerCrc))), out);
        }
        blockMd5.update(crcs);
        position += bytesRead;
      }
      fileMd5.update(blockMd5.digest());
    }
    const crcPerBlock = info.size > blockSize ? blockSize / bytesPerCrc : 0;
    return encode(`MD5-of-${crcPerBlock}MD5-of-${bytesPerCrc}CRC32C`, bytesPerCrc, crcPerBlock, fileMd5.digest());
  } finally {
    await handle.close();
  }
}

function encode(algorithm: string, perCrc: number, crcPerBlock: number, md5: Buffer): FileChecksumJson {
  const bytes = Buffer.alloc(12 + md5.length);
  bytes.writeInt32BE(perCrc, 0);
  bytes.writeBigInt64BE(BigInt(crcPerBlock), 4);
  md5.copy(bytes, 12);
  return { algorithm, bytes: bytes.toString('hex'), length: bytes.length };
}
