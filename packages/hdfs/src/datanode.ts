/**
 * The datanode endpoint (the datanode's WebHdfsHandler): the bytes of CREATE, APPEND
 * and OPEN, and GETFILECHECKSUM. Anything else is Hadoop's 400 "Invalid operation".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { handleAppend, handleCreate } from './datanode-write.js';
import { fileChecksum } from './file-checksum.js';
import { Hdfs, fromLocalError } from './hdfs-exception.js';
import { sendJson } from './http-answers.js';
import type { ServerContext } from './namenode.js';
import { parseWebHdfsRequest, type WebHdfsRequest } from './webhdfs-request.js';

export function datanodeHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const r = parseWebHdfsRequest(req, { validateOp: false });
    if (r === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not a WebHDFS URL: ${req.url ?? ''}\n`);
      return;
    }
    await ctx.ns.guard(r.path);
    if (r.op === 'CREATE' && r.method === 'PUT') return handleCreate(ctx, r, req, res);
    if (r.op === 'APPEND' && r.method === 'POST') return handleAppend(ctx, r, req, res);
    if (r.op === 'OPEN' && r.method === 'GET') return handleOpen(ctx, r, res);
    if (r.op === 'GETFILECHECKSUM' && r.method === 'GET') {
      return sendJson(res, 200, { FileChecksum: await fileChecksum(ctx.ns.local(r.path), r.path) });
    }
    throw Hdfs.illegalArgument(`Invalid operation ${r.op}`);
  };
}

/**
 * OPEN: the file is opened first and measured through its descriptor, so a rename over
 * it during the read still serves the old file whole.
 */
async function handleOpen(ctx: ServerContext, r: WebHdfsRequest, res: ServerResponse): Promise<void> {
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
  // The stream owns the descriptor from here and closes it at the end or on error.
  await pipeline(handle.createReadStream({ start: offset, end: offset + contentLength - 1, highWaterMark: 1 << 20 }), res);
}
