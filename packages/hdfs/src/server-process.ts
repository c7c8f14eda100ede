/**
 * The embedded server in a process of its own (server-main.js), for tests that kill
 * and restart it and for benchmarks that keep the client and the server on separate
 * cores, as a real cluster would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ErrorCode, KindlingError } from '@kindling/common';

export interface HdfsServerProcess {
  readonly port: number;
  readonly dataPort: number;
  readonly uri: string;
  readonly pid: number;
  /** Sends a signal (SIGKILL to simulate a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface HdfsServerProcessOptions {
  readonly dir: string;
  /** 0 (default) picks free ports; give the previous ones to restart at the same address. */
  readonly port?: number;
  readonly dataPort?: number;
  /** Block size reported for files (default 128 MiB, dfs.blocksize). */
  readonly blockSize?: number;
  /** Answer short-circuit reads (default true); false makes the server refuse them as Hadoop does. */
  readonly shortCircuitReads?: boolean;
  /**
   * Milliseconds to wait for the server to listen (default 30000: loading node and
   * @kindling/common took over 10 s on a 2-core machine loaded 30 deep, and a slow
   * start is not a failure).
   */
  readonly startTimeoutMs?: number;
}

/**
 * V8 flags of the server process. Each piece of a request body arrives as a 64 KiB
 * Buffer that node:http allocates; in a process whose heap is past V8's default
 * initial old generation (this one loads all of @kindling/common, 11 MB), V8 then ran
 * a full mark-compact every ~32 MiB of upload that freed nothing: 6-9 per 256 MiB file,
 * ~100 ms of the server's CPU. With a 64 MB initial old generation there were none,
 * and the bench's write cost fell from 540-610 to 310-360 ms CPU per file.
 */
export const heapHeadroomFlags = ['--initial-old-space-size=64'];

export async function startHdfsServerProcess(options: HdfsServerProcessOptions): Promise<HdfsServerProcess> {
  const main = new URL('./server-main.js', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [
      ...heapHeadroomFlags,
      main,
      ...['--port', String(options.port ?? 0), '--data-port', String(options.dataPort ?? 0), '--dir', options.dir],
      ...(options.blockSize === undefined ? [] : ['--block-size', String(options.blockSize)]),
      ...(options.shortCircuitReads === false ? ['--no-short-circuit'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  try {
    const first = await firstLine(child, options.startTimeoutMs ?? 30_000);
    const info = JSON.parse(first) as { port: number; dataPort: number; uri: string };
    return {
      ...info,
      pid: child.pid ?? -1,
      kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw new KindlingError(ErrorCode.Unavailable, `The WebHDFS server process did not start: ${(error as Error).message} ${stderr.trim()}`, { cause: error });
  }
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${signal ?? code ?? 'unknown'}`));
    });
  });
}
