/**
 * The map side's output before it is committed: one framed stream per reduce
 * partition, written a batch at a time as records arrive, so a map task holds
 * serialized bytes rather than its records (Spark's BypassMergeSortShuffleWriter
 * keeps one stream per partition the same way).
 *
 * Past `spillBytes` of buffered output, every partition's bytes so far are appended
 * to that partition's spill file and dropped from memory; the committed data file
 * is then, for each partition, its spill file followed by what is still buffered —
 * the same bytes in the same order, so one framed stream per segment as before.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { mib } from '../collection/spillable.js';
import type { TaskMemory } from '../memory/index.js';
import { FramedWriter, type FramedWriterOptions } from '../serializer/index.js';

const COPY_CHUNK = 1024 * 1024;

export class PartitionedOutput {
  private readonly writers: Array<FramedWriter | undefined>;
  private readonly chunks: Uint8Array[][];
  private readonly spillFds: Array<number | undefined>;
  private readonly spillPaths: Array<string | undefined>;
  private readonly spilledBytes: number[];
  private buffered = 0;
  private spills = 0;

  constructor(
    readonly numPartitions: number,
    private readonly writeOptions: FramedWriterOptions,
    private readonly memory: TaskMemory,
    private readonly spillBytes: number,
  ) {
    this.writers = new Array<FramedWriter | undefined>(numPartitions).fill(undefined);
    this.chunks = Array.from({ length: numPartitions }, () => []);
    this.spillFds = new Array<number | undefined>(numPartitions).fill(undefined);
    this.spillPaths = new Array<string | undefined>(numPartitions).fill(undefined);
    this.spilledBytes = new Array<number>(numPartitions).fill(0);
  }

  write(partition: number, record: unknown): void {
    let writer = this.writers[partition];
    if (writer === undefined) {
      const chunks = this.chunks[partition]!;
      writer = new FramedWriter((chunk) => {
        chunks.push(chunk);
        this.buffered += chunk.length;
      }, this.writeOptions);
      this.writers[partition] = writer;
    }
    writer.write(record);
    if (this.buffered > this.spillBytes) this.spill();
  }

  /** Records written, once finished. */
  get recordCount(): number {
    return this.writers.reduce((n, w) => n + (w?.recordCount ?? 0), 0);
  }

  /** Ends every stream (an untouched partition stays empty: size 0). */
  finish(): void {
    for (const writer of this.writers) writer?.finish();
  }

  /** Bytes of each partition's segment. */
  segmentSizes(): number[] {
    return this.writers.map((w) => w?.bytesWritten ?? 0);
  }

  private spill(): void {
    const bytes = this.buffered;
    for (let p = 0; p < this.numPartitions; p++) {
      const chunks = this.chunks[p]!;
      if (chunks.length === 0) continue;
      let fd = this.spillFds[p];
      if (fd === undefined) {
        const path = this.memory.newSpillFile(`map-output-${p}`);
        this.spillPaths[p] = path;
        fd = openSync(path, 'wx');
        this.spillFds[p] = fd;
      }
      for (const chunk of chunks) {
        let offset = 0;
        while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
        this.spilledBytes[p]! += chunk.length;
      }
      chunks.length = 0;
    }
    this.buffered = 0;
    this.spills++;
    this.memory.spillCount++;
    this.memory.bytesSpilled += bytes;
    this.memory.logger.info(
      { spillBytes: bytes, spills: this.spills },
      `spilling map output buffers of ${mib(bytes)} MiB to disk (${this.spills} time${this.spills === 1 ? '' : 's'} so far)`,
    );
  }

  /** Writes the segments in partition order: each one's spilled bytes, then its buffered ones. */
  async writeTo(file: FileHandle): Promise<void> {
    this.closeSpills();
    for (let p = 0; p < this.numPartitions; p++) {
      const path = this.spillPaths[p];
      if (path !== undefined) await copyInto(file, path, this.spilledBytes[p]!);
      for (const chunk of this.chunks[p]!) await file.write(chunk);
    }
  }

  /** Closes the spill files (their directory goes with the task). */
  closeSpills(): void {
    for (let p = 0; p < this.numPartitions; p++) {
      const fd = this.spillFds[p];
      if (fd !== undefined) closeSync(fd);
      this.spillFds[p] = undefined;
    }
  }
}

async function copyInto(target: FileHandle, path: string, length: number): Promise<void> {
  const source = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(1, length)));
    let position = 0;
    while (position < length) {
      const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, length - position), position);
      if (bytesRead === 0) throw new Error(`spill file ${path} is shorter than the ${length} bytes written to it`);
      await target.write(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await source.close();
  }
}
