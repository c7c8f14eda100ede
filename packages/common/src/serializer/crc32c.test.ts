import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32c } from './crc32c.js';

void describe('crc32c', () => {
  /** The definition, one bit at a time: the reference the table-driven code must agree with. */
  function bitwiseCrc32c(bytes: Uint8Array): number {
    let crc = 0xffffffff;
    for (const byte of bytes) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
  }

  const hex = (s: string): Uint8Array => Buffer.from(s.replace(/\s+/g, ''), 'hex');

  void it('crc32c matches the check value of "123456789"', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });

  void it('crc32c matches the iSCSI test vectors of RFC 3720 B.4', () => {
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
    const scsiRead = hex(`01c00000 00000000 00000000 00000000 14000000 00000400 00000014 00000018
                          28000000 00000000 02000000 00000000`);
    assert.equal(crc32c(scsiRead), 0xd9963a56);
  });

  void it('crc32c of nothing is 0', () => {
    assert.equal(crc32c(new Uint8Array(0)), 0);
  });

  void it('crc32c agrees with the bitwise definition at every alignment and length', () => {
    const backing = Uint8Array.from({ length: 4200 }, (_, i) => (i * 2654435761) >>> 24);
    for (let start = 0; start < 9; start++) {
      for (const length of [0, 1, 3, 7, 8, 9, 15, 31, 32, 33, 63, 64, 100, 1000, 4096]) {
        const slice = backing.subarray(start, start + length);
        assert.equal(crc32c(slice), bitwiseCrc32c(slice), `start ${start}, length ${length}`);
      }
    }
  });

  void it('crc32c continues over several buffers as over their concatenation', () => {
    const whole = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31 + 7) & 0xff);
    const cuts = [0, 1, 13, 64, 65, 500, 999, 1000];
    let crc = 0;
    for (let i = 1; i < cuts.length; i++) crc = crc32c(whole.subarray(cuts[i - 1], cuts[i]), crc);
    assert.equal(crc, crc32c(whole));
  });
});
