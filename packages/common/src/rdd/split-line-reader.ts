/**
 * Reads the lines of one FileSplit through its FileSystem (Hadoop's LineRecordReader):
 * the lines that start in (start, start + length], or at 0 for the first split. A
 * split after the first skips the line it starts inside of (its predecessor reads
 * it) and reads on past its end until the line that starts at or before the end is
 * complete. Lines end at '\n', a '\r' before it is dropped.
 *
 * The split is asked for with a small look-ahead past its end rather than to the end
 * of the file: over WebHDFS a datanode streams whatever range it is asked for, and a
 * split of a large file would otherwise pull megabytes it then throws away.
 */
import { KindlingError } from '../errors/index.js';
import { getFileSystem } from '../fs/index.js';
import type { FileSplit } from './file-splits.js';

const NEWLINE = 0x0a;
/** Bytes read past a split's end in the first request (most lines end within them). */
const LOOK_AHEAD = 64 * 1024;
/** Bytes of each further request while a long last line is still open. */
const LONG_LINE_STEP = 1024 * 1024;

export async function readSplitLines(split: FileSplit): Promise<string[]> {
  try {
    return linesOf(await readSplitBytes(split), split.start, split.length);
  } catch (error) {
    throw KindlingError.from(error, `Cannot read ${split.file}`);
  }
}

/** The split's bytes and those after it up to the first newline at or past its end. */
async function readSplitBytes({ file, start, length, fileLength }: FileSplit): Promise<Buffer> {
  const fs = getFileSystem(file);
  const chunks: Buffer[] = [];
  let read = 0;
  while (start + read < fileLength) {
    const want = read <= length ? length - read + 1 + LOOK_AHEAD : LONG_LINE_STEP;
    const stream = await fs.open(file, { offset: start + read, length: Math.min(want, fileLength - start - read) });
    let complete = false;
    let received = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      const before = read;
      read += chunk.length;
      received += chunk.length;
      // Complete once a newline lies at or after the split's last byte.
      if (read > length && chunk.indexOf(NEWLINE, Math.max(0, length - before)) >= 0) {
        complete = true;
        break;
      }
    }
    if (complete) break;
    if (received === 0) break; // the file became shorter than listed: read what there is
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

function linesOf(bytes: Buffer, start: number, length: number): string[] {
  const lines: string[] = [];
  let pos = 0;
  if (start !== 0) {
    const nl = bytes.indexOf(NEWLINE, 0);
    if (nl < 0) return lines;
    pos = nl + 1;
  }
  while (pos <= length && pos < bytes.length) {
    let nl = bytes.indexOf(NEWLINE, pos);
    if (nl < 0) nl = bytes.length;
    const lineEnd = nl > pos && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
    lines.push(bytes.toString('utf8', pos, lineEnd));
    pos = nl + 1;
  }
  return lines;
}
