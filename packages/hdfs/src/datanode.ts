/**
 * The datanode endpoint (the datanode's WebHdfsHandler): the bytes of CREATE, APPEND
 * and OPEN, GETFILECHECKSUM, Kindling's GETBLOCKLOCALPATHINFO (short-circuit.ts) and the
 * `/jmx` metrics. Anything else is Hadoop's 400 "Invalid operation".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { open, type FileHandle } from 'node:fs/promises';
import { answerJmx } from './datanode-metrics.js';
import { handleAppend, handleCreate } from './datanode-write.js';
import { fileChecksum } from './file-checksum.js';
import { Hdfs, fromLocalError } from './hdfs-exception.js';
import { sendJson } from './http-answers.js';
import type { ServerContext } from './namenode.js';
import { blockLocalPathInfoOp, handleBlockLocalPathInfo, isLocalAddress } from './short-circuit.js';
import { parseWebHdfsRequest, type WebHdfsRequest } from './webhdfs-request.js';

export function datanodeHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (answerJmx(ctx.metrics, req, res)) return;
    const r = parseWebHdfsRequest(req, { validateOp: false });
    if (r === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not a WebHDFS URL: ${req.url ?? ''}\n`);
      return;
    }
    await ctx.ns.guard(r.path);
    if (r.op === 'CREATE' && r.method === 'PUT') return handleCreate(ctx, r, req, res);
    if (r.op === 'APPEND' && r.method === 'POST') return handleAppend(ctx, r, req, res);
    if (r.op === 'OPEN' && r.method === 'GET') return handleOpen(ctx, r, req, res);
    if (r.op === blockLocalPathInfoOp && r.method === 'GET' && ctx.shortCircuit !== undefined) {
      return handleBlockLocalPathInfo(ctx.ns, ctx.shortCircuit, ctx.metrics, r, req, res);
    }
    if (r.op === 'GETFILECHECKSUM' && r.method === 'GET') {
      return sendJson(res, 200, { FileChecksum: await fileChecksum(ctx.ns.local(r.path), r.path, ctx.ns.blockSize) });
    }
    throw Hdfs.illegalArgument(`Invalid operation ${r.op}`);
  };
}

/**
 * OPEN: the file is opened first and measured through its descriptor, so a rename over
 * it during the read still serves the old file whole.
 */
async function handleOpen(ctx: ServerContext, r: WebHdfsRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const offset = r.params.long('offset', 0) ?? 0;
  const length = r.params.long('length', 0);
  let handle;
  try {
    handle = await open(ctx.ns.local(r.path), 'r');
  } catch (error) {
    throw fromLocalError(error, r.path);
  }
  let contentLength: number;
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Hdfs.fileNotFound(`Path is not a file: ${r.path}`);
    if (offset >= info.size && info.size > 0) throw Hdfs.io(`Offset=${offset} out of the range [0, ${info.size}); OPEN, path=${r.path}`);
    contentLength = Math.max(0, Math.min(info.size - offset, length ?? Infinity));
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (isLocalAddress(req.socket.remoteAddress)) ctx.metrics.readsFromLocalClient++;
  else ctx.metrics.readsFromRemoteClient++;
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': contentLength,
    'Access-Control-Allow-Methods': 'GET',
    'Access-Control-Allow-Origin': '*',
  });
  if (contentLength === 0) {
    await handle.close();
    res.end();
    return;
  }
  try {
    await sendRange(handle, res, offset, contentLength, r.path);
    ctx.metrics.bytesRead += contentLength;
  } finally {
    await handle.close();
  }
}

const readBufferBytes = 1 << 20;
const readBuffers = 3;

/**
 * Streams `length` bytes from `offset` with a ring of three 1 MiB buffers, each reused
 * once the socket has taken it: a read of any size allocates 3 MiB instead of its own
 * size, which spares the server most of its garbage collection.
 */
async function sendRange(handle: FileHandle, res: ServerResponse, offset: number, length: number, hdfsPath: string): Promise<void> {
  const ring = Array.from({ length: readBuffers }, () => Buffer.allocUnsafe(readBufferBytes));
  const sent: Array<Promise<void>> = ring.map(() => Promise.resolve());
  const gone = new Promise<never>((_resolve, reject) => {
    res.once('close', () => reject(Hdfs.io(`The client went away while reading ${hdfsPath}`)));
  });
  gone.catch(() => undefined);
  let position = offset;
  const end = offset + length;
  for (let i = 0; position < end; i = (i + 1) % readBuffers) {
    await Promise.race([sent[i], gone]);
    const buffer = ring[i] as Buffer;
    const { bytesRead } = await handle.read(buffer, 0, Math.min(readBufferBytes, end - position), position);
    if (bytesRead === 0) throw Hdfs.io(`${hdfsPath} became shorter while it was read`);
    position += bytesRead;
    sent[i] = new Promise<void>((resolve, reject) => {
      res.write(buffer.subarray(0, bytesRead), (error) => (error ? reject(error) : resolve()));
    });
    sent[i]?.catch(() => undefined);
  }
  await Promise.race([Promise.all(sent), gone]);
  res.end();
}
