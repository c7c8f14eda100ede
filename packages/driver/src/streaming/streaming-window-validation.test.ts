/**
 * Issue 9: bad window arguments fail at once with one line, Spark's message where
 * Spark has one; the inverse forms refuse to start without a checkpoint directory.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '@kindling/common';
import { Seconds } from './duration.js';
import './index.js';
import { collectOutput } from './testing/test-output.js';
import { TestInputDStream } from './testing/test-input-dstream.js';
import { withStreamingTest } from './testing/streaming-test-harness.js';

const input = [['a', 'b'], ['a'], []];
const sum = (a: number, b: number): number => a + b;

void test('window durations are checked against the parent\'s slide with Spark\'s messages', async () => {
  await withStreamingTest({}, async ({ ssc }) => {
    const stream = new TestInputDStream(ssc, input);
    const pairs = stream.map((k): [string, number] => [k, 1]);
    const invalid = (pattern: RegExp) => (e: unknown) => e instanceof InvalidArgumentError && pattern.test(e.message) && !e.message.includes('\n');
    assert.throws(
      () => stream.window(2500),
      invalid(/^The window duration of windowed DStream \(2500 ms\) must be a multiple of the slide duration of parent DStream \(1000 ms\)$/),
    );
    assert.throws(
      () => stream.window(Seconds(4), Seconds(1.5)),
      invalid(/^The slide duration of windowed DStream \(1500 ms\) must be a multiple of the slide duration of parent DStream \(1000 ms\)$/),
    );
    assert.throws(
      () => stream.window(Seconds(4), Seconds(2)).window(Seconds(3)),
      invalid(/window duration of windowed DStream \(3000 ms\) must be a multiple of the slide duration of parent DStream \(2000 ms\)/),
    );
    assert.throws(() => stream.window(0), invalid(/window duration of windowed DStream must be positive/));
    assert.throws(() => stream.window(Seconds(2), 0), invalid(/slide duration of windowed DStream must be positive/));
    assert.throws(() => stream.window(-1000), invalid(/window duration must be a whole, non-negative number of milliseconds/));
    assert.throws(() => pairs.reduceByKeyAndWindow(sum, (a, b) => a - b, Seconds(2.5)), invalid(/window duration of windowed DStream \(2500 ms\)/));
    assert.throws(() => pairs.reduceByKeyAndWindow(sum, Seconds(2), Seconds(0.5)), invalid(/slide duration of windowed DStream \(500 ms\)/));
    assert.throws(() => pairs.reduceByKeyAndWindow(sum, 'soon' as never), invalid(/expects an inverse reduce function or a window duration second, got string/));
    assert.throws(() => pairs.reduceByKeyAndWindow(sum, undefined, undefined as never), invalid(/expects a window duration/));
    assert.throws(() => pairs.reduceByKeyAndWindow(sum, Seconds(2), Seconds(1), 0), invalid(/numPartitions must be a positive integer/));
    assert.throws(() => stream.countByValueAndWindow(Seconds(2), Seconds(1), 1.5), invalid(/numPartitions must be a positive integer/));
    assert.throws(() => stream.reduceByWindow('sum' as never, Seconds(2)), invalid(/reduceByWindow expects a reduce function/));
  });
});

void test('the inverse forms need a checkpoint directory, and say so at start as Spark does', async () => {
  for (const define of [
    (s: TestInputDStream<string>) => s.countByWindow(Seconds(2)),
    (s: TestInputDStream<string>) => s.map((k): [string, number] => [k, 1]).reduceByKeyAndWindow(sum, (a, b) => a - b, Seconds(2)),
  ]) {
    await withStreamingTest({}, async ({ ssc }) => {
      collectOutput(define(new TestInputDStream(ssc, input)) as never);
      assert.throws(
        () => ssc.start(),
        (e: unknown) => e instanceof InvalidArgumentError && e.message === 'The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint().',
      );
    });
  }
});
