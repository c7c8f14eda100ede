import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KindlingConf } from '../conf/index.js';
import { InvalidArgumentError } from '../errors/index.js';
import { codecFromConf, compressionCodecs, getCodec } from './compression-codec.js';
import { MsgpackSerializer } from './msgpack-serializer.js';
import { RandomRecords } from './random-records.js';

const serializer = new MsgpackSerializer();
const batch = serializer.serializeBatch(new RandomRecords(3).records(2000));
// Word counts over a small vocabulary: the repetition that real record batches have.
const wordCounts = serializer.serializeBatch(Array.from({ length: 2000 }, (_, i) => [`word-${(i * 7919) % 300}`, i % 50]));

void describe('compression codecs', () => {
  void it('each codec round-trips a record batch, and every codec but none makes word counts smaller', () => {
    for (const codec of compressionCodecs) {
      assert.deepStrictEqual(Buffer.from(codec.decompress(codec.compress(batch), batch.length)), Buffer.from(batch), codec.name);
      const packed = codec.compress(wordCounts);
      assert.deepStrictEqual(Buffer.from(codec.decompress(packed, wordCounts.length)), Buffer.from(wordCounts), codec.name);
      if (codec.name !== 'none') assert.ok(packed.length < wordCounts.length / 2, `${codec.name}: ${packed.length} of ${wordCounts.length}`);
    }
  });

  void it('a codec refuses to inflate beyond the raw length the writer recorded', () => {
    for (const codec of compressionCodecs.filter((c) => c.name !== 'none')) {
      assert.throws(() => codec.decompress(codec.compress(batch), 100), RangeError, codec.name);
    }
  });

  void it('getCodec finds codecs by id and name and refuses unknown ones', () => {
    for (const codec of compressionCodecs) {
      assert.equal(getCodec(codec.id), codec);
      assert.equal(getCodec(codec.name), codec);
    }
    assert.throws(() => getCodec('lz4'), { name: 'InvalidArgumentError', message: 'Unknown compression codec "lz4"; use one of none, deflate, gzip, brotli' });
  });

  void it('codecFromConf follows Spark: off by default, true picks kindling.io.compression.codec', () => {
    const conf = (settings: Record<string, string>): KindlingConf => new KindlingConf(settings);
    assert.equal(codecFromConf(conf({}), 'checkpoint').name, 'none');
    assert.equal(codecFromConf(conf({}), 'shuffle').name, 'none');
    assert.equal(codecFromConf(conf({ 'kindling.checkpoint.compress': 'true' }), 'checkpoint').name, 'brotli');
    assert.equal(codecFromConf(conf({ 'kindling.checkpoint.compress': 'true', 'kindling.io.compression.codec': 'gzip' }), 'checkpoint').name, 'gzip');
    assert.equal(codecFromConf(conf({ 'kindling.shuffle.compress': 'deflate' }), 'shuffle').name, 'deflate');
    assert.equal(codecFromConf(conf({ 'kindling.shuffle.compress': 'deflate' }), 'checkpoint').name, 'none');
    assert.throws(() => codecFromConf(conf({ 'kindling.checkpoint.compress': 'yes' }), 'checkpoint'), {
      message: 'Configuration kindling.checkpoint.compress=yes is not a compression codec; use true, false or one of none, deflate, gzip, brotli',
    });
    assert.throws(() => codecFromConf(conf({ 'kindling.checkpoint.compress': 'true', 'kindling.io.compression.codec': 'snappy' }), 'checkpoint'), InvalidArgumentError);
  });
});
