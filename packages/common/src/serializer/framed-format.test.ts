import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Readable } from 'node:stream';
import { SerializationError } from '../errors/index.js';
import { crc32c } from './crc32c.js';
import { compressionCodecs, type CompressionCodec } from './compression-codec.js';
import { DataCorruptionError } from './data-corruption-error.js';
import { decodeFramed, decodeFramedBatches, readFramed, readFramedHeader, verifyFramed } from './framed-reader.js';
import { encodeFramedBatches, framedChunks, FramedWriter } from './framed-writer.js';
import { HEADER_BYTES, BATCH_HEAD_BYTES } from './framed-format.js';
import { MsgpackSerializer } from './msgpack-serializer.js';
import { RandomRecords, seededRandom } from './random-records.js';
import type { Serializer } from './serializer.js';
import { V8Serializer } from './v8-serializer.js';

void describe('framed record format', () => {
  const serializers: Serializer[] = [new V8Serializer(), new MsgpackSerializer()];

  /** Splits `bytes` into chunks of random sizes (1 byte up to 3 KB), as a socket would. */
  function* randomChunks(bytes: Uint8Array, seed: number): Generator<Uint8Array> {
    const random = seededRandom(seed);
    for (let at = 0; at < bytes.length; ) {
      const size = 1 + Math.floor(random() * (random() < 0.3 ? 16 : 3000));
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }

  async function readAll(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, path?: string): Promise<unknown[]> {
    const records: unknown[] = [];
    for await (const batch of readFramed(source, path === undefined ? {} : { path })) records.push(...batch);
    return records;
  }

  for (const serializer of serializers) {
    for (const codec of compressionCodecs) {
      void it(`random records round-trip through the framed format (${serializer.name}, ${codec.name})`, async () => {
        for (const seed of [11, 12, 13]) {
          const records = new RandomRecords(seed).records(300 + seed);
          const options = { serializer, codec, batchSize: 64 };
          const bytes = encodeFramedBatches(records, options);
          assert.deepStrictEqual([...decodeFramed(bytes)], records, `seed ${seed}, whole buffer`);
          assert.deepStrictEqual(await readAll(randomChunks(bytes, seed)), records, `seed ${seed}, random chunks`);
          const header = readFramedHeader(bytes);
          assert.equal(header.serializer.id, serializer.id);
          assert.equal(header.codec.id, codec.id);
          const sizes = [...decodeFramedBatches(bytes)].map((batch) => batch.length);
          assert.ok(sizes.every((n) => n >= 1 && n <= 64), `batches of at most batchSize records: ${sizes.join(' ')}`);
        }
      });
    }
  }

  void it('an empty stream is a header and a trailer, and reads back as no records', async () => {
    const bytes = encodeFramedBatches([]);
    assert.equal(bytes.length, HEADER_BYTES + 21);
    assert.deepStrictEqual([...decodeFramed(bytes)], []);
    assert.deepStrictEqual(await readAll([bytes]), []);
  });

  void it('FramedWriter streams each batch (head, payload) as it fills; the chunks make the whole-buffer encoding', () => {
    const records = new RandomRecords(5).records(1000);
    const chunks: Uint8Array[] = [];
    const writer = new FramedWriter((chunk) => chunks.push(chunk), { batchSize: 100 });
    for (const record of records) writer.write(record);
    assert.equal(chunks.length, 2 * writer.batchCount, 'each full batch is emitted as soon as it fills');
    assert.ok(writer.recordCount > 900, 'at most one batch is pending');
    writer.flush();
    assert.equal(writer.recordCount, 1000);
    writer.finish();
    assert.equal(chunks.length, 2 * writer.batchCount + 1, 'then the trailer');
    assert.equal(writer.bytesWritten, chunks.reduce((n, c) => n + c.length, 0));
    assert.deepStrictEqual(Buffer.concat(chunks), Buffer.from(encodeFramedBatches(records, { batchSize: 100 })));
    assert.throws(() => writer.write(1), /finished/);
  });

  void it('FramedWriter sizes batches by bytes as well as by count', () => {
    const big = 'x'.repeat(10_000);
    const writer = new FramedWriter(() => {}, { batchSize: 1000, batchBytes: 100_000 });
    for (let i = 0; i < 100; i++) writer.write(big);
    writer.finish();
    assert.ok(writer.batchCount >= 9, `100 records of 10 KB in batches of about 100 KB, got ${writer.batchCount} batches`);
  });

  void it('framedChunks pipes into a Readable and reads back through readFramed', async () => {
    async function* source(): AsyncGenerator<unknown> {
      for (let i = 0; i < 5000; i++) yield [`word${i % 97}`, i];
    }
    const stream = Readable.from(framedChunks(source(), { batchSize: 256 }));
    const records = await readAll(stream);
    assert.equal(records.length, 5000);
    assert.deepStrictEqual(records, Array.from({ length: 5000 }, (_, i) => [`word${i % 97}`, i]));
  });

  void it('readFramed closes its source when the consumer stops early', async () => {
    let closed = false;
    const bytes = encodeFramedBatches(Array.from({ length: 100 }, (_, i) => i), { batchSize: 10 });
    function* source(): Generator<Uint8Array> {
      try {
        yield* randomChunks(bytes, 1);
      } finally {
        closed = true;
      }
    }
    for await (const batch of readFramed(source())) {
      assert.equal(batch.length, 10);
      break;
    }
    assert.ok(closed);
  });

  void it('a record that cannot be serialized is named by its index in the whole stream', () => {
    const records: unknown[] = Array.from({ length: 250 }, (_, i) => [`k${i}`, i]);
    records[203] = ['k203', () => 0];
    for (const serializer of serializers) {
      const writer = new FramedWriter(() => {}, { serializer, batchSize: 100 });
      assert.throws(() => writer.writeAll(records), { message: /^Cannot serialize record 203: a function at \[1\] \(value\);/ });
      assert.throws(() => writer.finish(), /This FramedWriter failed on an earlier batch; create a new one/, 'a stream missing a batch is never finished');
    }
  });

  /** A small stream of three batches with each codec, and where each batch starts. */
  function smallStream(codec: CompressionCodec): { bytes: Uint8Array; batchStarts: number[] } {
    const chunks: Uint8Array[] = [];
    const writer = new FramedWriter((c) => chunks.push(c), { codec, batchSize: 4 });
    writer.writeAll(new RandomRecords(99).records(12));
    writer.finish();
    const batchStarts: number[] = [];
    let at = 0;
    for (const [i, chunk] of chunks.entries()) {
      // Chunks alternate batch head (the first behind the stream header) and payload; then the trailer.
      if (i % 2 === 0 && i < chunks.length - 1) batchStarts.push(i === 0 ? HEADER_BYTES : at);
      at += chunk.length;
    }
    assert.equal(batchStarts.length, 3);
    return { bytes: Buffer.concat(chunks), batchStarts };
  }

  function decodeSync(bytes: Uint8Array, path?: string): unknown[] {
    return [...decodeFramed(bytes, path === undefined ? {} : { path })];
  }

  function expectCorruption(fn: () => unknown, check: (e: DataCorruptionError) => void): void {
    assert.throws(fn, (error: unknown) => {
      assert.ok(error instanceof DataCorruptionError, `expected DataCorruptionError, got ${String(error)}`);
      assert.equal(error.code, 'DATA_CORRUPTION');
      assert.ok(!error.message.includes('\n'), error.message);
      check(error);
      return true;
    });
  }

  for (const codec of compressionCodecs) {
    void it(`a flipped byte anywhere in a batch is a DataCorruptionError naming that batch (${codec.name})`, async () => {
      const { bytes, batchStarts } = smallStream(codec);
      const trailerStart = bytes.length - 21;
      for (let at = HEADER_BYTES; at < trailerStart; at++) {
        const damaged = Buffer.from(bytes);
        damaged[at]! ^= 0x10;
        const batch = batchStarts.filter((start) => start <= at).length - 1;
        expectCorruption(
          () => decodeSync(damaged, '/tmp/part-00000'),
          (e) => {
            assert.match(e.message, /^Corrupt framed record data in \/tmp\/part-00000: /);
            assert.ok(e.message.endsWith(`(batch ${batch})`), `byte ${at}: ${e.message}`);
            assert.equal(e.batchIndex, batch);
            assert.equal(e.path, '/tmp/part-00000');
          },
        );
        await assert.rejects(readAll([damaged]), DataCorruptionError, `byte ${at} (async)`);
      }
    });
  }

  void it('a flipped payload byte names the batch, its offset and the CRC mismatch', () => {
    const { bytes, batchStarts } = smallStream(compressionCodecs[0]!);
    const damaged = Buffer.from(bytes);
    const at = batchStarts[1]! + BATCH_HEAD_BYTES + 3;
    damaged[at]! ^= 0xff;
    expectCorruption(
      () => decodeSync(damaged),
      (e) => {
        assert.match(e.message, new RegExp(`^Corrupt framed record data: CRC32C mismatch \\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\\) at byte offset ${batchStarts[1]} \\(batch 1\\)$`));
        assert.equal(e.batchIndex, 1);
        assert.equal(e.offset, batchStarts[1]);
      },
    );
  });

  void it('a damaged header or trailer byte is a DataCorruptionError', () => {
    const { bytes } = smallStream(compressionCodecs[0]!);
    for (const at of [...Array(HEADER_BYTES).keys(), ...Array.from({ length: 21 }, (_, i) => bytes.length - 21 + i)]) {
      const damaged = Buffer.from(bytes);
      damaged[at]! ^= 0x01;
      expectCorruption(() => decodeSync(damaged), () => {});
    }
  });

  void it('a stream cut short at any length is detected as truncated', async () => {
    const { bytes } = smallStream(compressionCodecs[1]!);
    for (let length = 0; length < bytes.length; length++) {
      const cut = bytes.subarray(0, length);
      expectCorruption(
        () => decodeSync(cut, 'shuffle_0_3_0.data'),
        (e) => assert.match(e.message, /^Truncated framed record data in shuffle_0_3_0\.data: it ends at byte \d+ inside .* and has no trailer;/),
      );
      await assert.rejects(readAll(randomChunks(cut, length)), /^DataCorruptionError: Truncated framed record data: it ends at byte \d+ inside/);
    }
  });

  void it('bytes after the trailer are refused', async () => {
    const { bytes } = smallStream(compressionCodecs[0]!);
    const longer = Buffer.concat([bytes, Buffer.from([0])]);
    expectCorruption(() => decodeSync(longer), (e) => assert.match(e.message, /1 unexpected bytes after the trailer/));
    await assert.rejects(readAll([longer]), /unexpected bytes after the trailer/);
  });

  void it('bad magic says the data is not a Kindling record file', async () => {
    const zip = Buffer.from('PK\u0003\u0004 and the rest of a zip file');
    expectCorruption(
      () => decodeSync(zip, 'data.zip'),
      (e) => assert.equal(e.message, 'Corrupt framed record data in data.zip: bad magic 0x504b0304 (expected "KNDL": not a Kindling record file) at byte offset 0'),
    );
    await assert.rejects(readAll([zip.subarray(0, 2)]), /bad magic 0x504b/);
  });

  void it('a newer format version is refused with a message saying which version this Kindling reads', () => {
    const bytes = Buffer.from(encodeFramedBatches([1, 2, 3]));
    bytes[4] = 2;
    bytes.writeUInt32LE(crc32c(bytes.subarray(0, 8)), 8); // as a real version-2 writer would have
    expectCorruption(
      () => decodeSync(bytes),
      (e) => assert.match(e.message, /^Unsupported framed record format version 2 \(flags 0\): this Kindling reads version 1;/),
    );
  });

  void it('a batch that decodes to the wrong record count is refused', () => {
    // Write a batch claiming 2 records whose payload holds 3, with a valid checksum.
    const stream = Buffer.from(encodeFramedBatches([1, 2, 3], { batchSize: 10 }));
    stream.writeUInt32LE(2, HEADER_BYTES + 5);
    stream.writeUInt32LE(crc32c(stream.subarray(HEADER_BYTES + 5, HEADER_BYTES + BATCH_HEAD_BYTES)), HEADER_BYTES + 1);
    expectCorruption(() => decodeSync(stream), (e) => assert.match(e.message, /the batch holds 3 records, not the 2 it announced at byte offset 12 \(batch 0\)/));
  });

  void it('a batch size below 1 is refused when the writer is created', () => {
    assert.throws(() => new FramedWriter(() => {}, { batchSize: 0 }), SerializationError);
  });

  void it('verifyFramed counts the records without decoding them, and finds what decoding would find', () => {
    const bytes = encodeFramedBatches(Array.from({ length: 1000 }, (_, i) => [`w${i % 13}`, i]), { batchSize: 64 });
    assert.equal(verifyFramed(bytes), 1000);
    assert.equal(verifyFramed(encodeFramedBatches([])), 0);
    for (const at of [HEADER_BYTES + BATCH_HEAD_BYTES + 3, Math.floor(bytes.length / 2), bytes.length - 3]) {
      const damaged = Uint8Array.from(bytes);
      damaged[at] = damaged[at]! ^ 0x40;
      assert.throws(() => verifyFramed(damaged, { path: 'block 7' }), (e: unknown) => e instanceof DataCorruptionError && /block 7/.test(e.message), `a flipped byte at ${at}`);
    }
    assert.throws(() => verifyFramed(bytes.subarray(0, bytes.length - 1)), DataCorruptionError);
  });
});
