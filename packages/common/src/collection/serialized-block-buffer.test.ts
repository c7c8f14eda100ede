import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../log/index.js';
import { MemoryManager, TaskMemory } from '../memory/index.js';
import { DataCorruptionError } from '../serializer/index.js';
import { encodeRecords } from '../storage/index.js';
import { SerializedBlockBuffer } from './serialized-block-buffer.js';

const workDir = mkdtempSync(join(tmpdir(), 'kindling-block-buffer-test-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

let attempt = 0;
function taskMemory(maxMemory: number): TaskMemory {
  return new TaskMemory(new MemoryManager({ maxMemory }), workDir, attempt++, silentLogger());
}

/** Record `i` of block `b`: about 50 bytes serialized. */
const record = (b: number, i: number): unknown[] => [`k${i % 97}`.padEnd(40, '.'), b, i];

/** Block `b` of `n` records, in small batches so that a block holds several. */
function block(b: number, n: number): Uint8Array {
  return encodeRecords(
    Array.from({ length: n }, (_, i) => record(b, i)),
    { batchBytes: 4096 },
  );
}

function readAll(buffer: SerializedBlockBuffer<number>): unknown[] {
  const out: unknown[] = [];
  const it = buffer.iterator();
  for (let r = it.next(); r.done !== true; r = it.next()) out.push(r.value);
  return out;
}

/** Adds `blocks` blocks of `n` records each; returns the records in order. */
function fill(buffer: SerializedBlockBuffer<number>, blocks: number, n: number): unknown[] {
  const expected: unknown[] = [];
  for (let b = 0; b < blocks; b++) {
    buffer.add(block(b, n), b);
    for (let i = 0; i < n; i++) expected.push(record(b, i));
  }
  return expected;
}

void test('blocks within memory come back record by record in the order they were added, as often as asked', async () => {
  const memory = taskMemory(100_000_000);
  const buffer = new SerializedBlockBuffer<number>(memory, (b) => `block ${b}`);
  const expected = fill(buffer, 5, 3000);
  buffer.add(encodeRecords([]), 5);
  assert.deepEqual(readAll(buffer), expected);
  assert.deepEqual(readAll(buffer), expected, 'read again');
  assert.equal(buffer.spills, 0);
  assert.equal(existsSync(memory.spillDir), false, 'nothing was written');
  await memory.close();
});

void test('past its memory the buffer writes the blocks’ bytes to spill files, and reads them back in order', async () => {
  const memory = taskMemory(400_000);
  const buffer = new SerializedBlockBuffer<number>(memory, (b) => `block ${b}`);
  const expected = fill(buffer, 40, 2000);
  assert.ok(buffer.spills >= 2, `spilled ${buffer.spills} times`);
  assert.ok(memory.manager.executionMemoryUsed <= memory.manager.maxMemory);
  assert.ok(readdirSync(memory.spillDir).length >= 10, 'one spill file per spilled block');
  assert.deepEqual(readAll(buffer), expected);
  // Early return closes what was open: a second full read still sees everything.
  const it = buffer.iterator();
  it.next();
  it.return?.();
  assert.deepEqual(it.next(), { value: undefined, done: true });
  assert.deepEqual(readAll(buffer), expected);
  await memory.close();
  assert.equal(existsSync(memory.spillDir), false, 'the task’s spill files are removed');
  assert.equal(memory.manager.executionMemoryUsed, 0);
});

void test('a spill file damaged on disk is found when read back, and the error names the block it held', async () => {
  const memory = taskMemory(100_000);
  const errors: Array<[unknown, number]> = [];
  const buffer = new SerializedBlockBuffer<number>(
    memory,
    (b) => `block ${b}`,
    (error, b) => {
      errors.push([error, b]);
      return new Error(`reading block ${b} failed`);
    },
  );
  fill(buffer, 4, 3000);
  assert.ok(buffer.spills >= 1);
  const first = join(memory.spillDir, readdirSync(memory.spillDir).sort()[0]!);
  const bytes = readFileSync(first);
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0xff, bytes.length - 100);
  writeFileSync(first, bytes);
  assert.throws(() => readAll(buffer), /reading block 0 failed/);
  assert.equal(errors.length, 1);
  assert.ok(errors[0]![0] instanceof DataCorruptionError, String(errors[0]![0]));
  assert.match((errors[0]![0] as Error).message, /CRC32C mismatch/);
  await memory.close();
});
