/**
 * Helpers for the gRPC backend's integration tests: contexts on local[N] or
 * kindling://, executor processes started by hand, captured logs, and waiting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { KindlingConf, createLogger, type Logger, type TaskOutcome } from '@kindling/common';
import { executorMainPath } from '@kindling/executor';
import { KindlingContext, type KindlingContextOptions } from '../../kindling-context.js';
import type { ExecutorInfo, SchedulerBackendListener } from '../../scheduler/scheduler-backend.js';
import { clusterBackendFor } from '../../scheduler/scheduler-backend-factory.js';
import type { ClusterBackend, ClusterBackendOptions } from '../cluster-backend.js';

/** A pino logger whose lines the test can read. */
export function capturingLogger(level: 'debug' | 'info' | 'warn' = 'info'): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      callback();
    },
  });
  const logger = createLogger({ level, destination: stream });
  return { logger, lines, text: () => lines.join('\n') };
}

export interface ClusterContext {
  readonly kc: KindlingContext;
  readonly backend: ClusterBackend;
}

/** A KindlingContext whose backend is the gRPC one (what the lead wires for local[N] and kindling://). */
export async function clusterContext(
  master: string,
  options: Partial<KindlingContextOptions> & { readonly backend?: Partial<ClusterBackendOptions> } = {},
): Promise<ClusterContext> {
  let backend: ClusterBackend | undefined;
  const kc = await KindlingContext.create({
    ...options,
    master,
    conf: options.conf ?? new KindlingConf(),
    createBackend: (setup) => {
      backend = clusterBackendFor(setup, options.backend);
      return backend;
    },
  });
  return { kc, backend: backend! };
}

/** A SchedulerBackendListener that records what it hears. */
export class RecordingListener implements SchedulerBackendListener {
  readonly added: ExecutorInfo[] = [];
  readonly lost: Array<{ executorId: string; reason: string; at: number }> = [];
  readonly outcomes = new Map<number, TaskOutcome>();
  readonly dead: string[] = [];

  executorAdded(executor: ExecutorInfo): void {
    this.added.push(executor);
  }

  executorLost(executorId: string, reason: string): void {
    this.lost.push({ executorId, reason, at: Date.now() });
  }

  statusUpdate(taskId: number, _executorId: string, outcome: TaskOutcome): void {
    this.outcomes.set(taskId, outcome);
  }

  backendDead(reason: string): void {
    this.dead.push(reason);
  }
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A port on 127.0.0.1 that something is listening on (close the server when done). */
export async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const { port, server } = await occupiedPort();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ExecutorProcess {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node executor-main.js …args` as `kindling executor` would run. */
export function startExecutorProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): ExecutorProcess {
  const child = spawn(process.execPath, [executorMainPath, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, stderr: () => stderr, exited };
}

/** Kills a process group member and waits for it (test cleanup). */
export async function killProcess(process: ExecutorProcess): Promise<void> {
  if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGKILL');
  await process.exited;
}
