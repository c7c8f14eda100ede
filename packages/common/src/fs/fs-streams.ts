/**
 * The small stream chores every FileSystem shares: writing FileData through an
 * FsOutputStream (aborting it when the source throws) and collecting a read.
 */
import type { FileData, FsOutputStream } from './file-system.js';

/** Writes every chunk of `data`, then closes; aborts the stream when the source or a write fails. */
export async function writeAllTo(out: FsOutputStream, data: FileData): Promise<void> {
  try {
    if (data instanceof Uint8Array) {
      await out.write(data);
    } else if (Symbol.asyncIterator in data) {
      for await (const chunk of data) await out.write(chunk);
    } else {
      for (const chunk of data) await out.write(chunk);
    }
  } catch (error) {
    await out.abort(error).catch(() => undefined);
    throw error;
  }
  await out.close();
}

/** Collects a stream of byte chunks into one Buffer. */
export async function readAll(source: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
