/**
 * Reading one committed part file in a task: the bytes are fetched in the prepare pass
 * (async), and checked against the size `_metadata` recorded before anything is
 * decoded; the records are then decoded batch by batch during compute, each batch's
 * CRC32C checked. Every failure is a CheckpointError naming the file.
 */
import { CheckpointError, FileNotFoundError, KindlingError } from '../errors/index.js';
import { getFileSystem, Path } from '../fs/index.js';
import { decodeFramedBatches } from '../serializer/index.js';
import { METADATA_FILE, partFilePath } from './checkpoint-files.js';
import { missingPart, resizedPart } from './checkpoint-directory.js';

export interface PartFileExpectation {
  readonly numPartitions: number;
  /** Bytes `_metadata` records for the file. */
  readonly size: number;
}

export async function readPartFile(rddDir: string, partitionIndex: number, expected: PartFileExpectation): Promise<Buffer> {
  const path = partFilePath(rddDir, partitionIndex);
  const metadataPath = Path.join(rddDir, METADATA_FILE);
  let bytes: Buffer;
  try {
    bytes = await getFileSystem(rddDir).readFile(path);
  } catch (error) {
    if (error instanceof FileNotFoundError) throw missingPart(path, expected.numPartitions, metadataPath);
    throw KindlingError.from(error, `Cannot read checkpoint file ${path}`);
  }
  if (bytes.length !== expected.size) throw resizedPart(path, bytes.length, expected.size, metadataPath);
  return bytes;
}

/** The records of a part file's bytes; damage found while decoding is a CheckpointError naming `path`. */
export function partFileRecords(bytes: Uint8Array, path: string): IterableIterator<unknown> {
  return new PartFileRecords(bytes, path);
}

/** Flattens the batches; only fetching a batch can fail, so the per-record step stays a plain index. */
class PartFileRecords implements IterableIterator<unknown> {
  private batches: Iterator<unknown[]> | undefined;
  private batch: unknown[] = [];
  private index = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly path: string,
  ) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<unknown> {
    while (this.index >= this.batch.length) {
      let next: IteratorResult<unknown[]>;
      try {
        this.batches ??= decodeFramedBatches(this.bytes, { path: this.path });
        next = this.batches.next();
      } catch (error) {
        throw new CheckpointError(`Corrupt checkpoint file ${this.path}: ${(error as Error).message}`, { path: this.path, cause: error });
      }
      if (next.done === true) return { value: undefined, done: true };
      this.batch = next.value;
      this.index = 0;
    }
    return { value: this.batch[this.index++], done: false };
  }
}
