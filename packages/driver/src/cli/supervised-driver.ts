/**
 * One driver process run by the supervisor (supervisor.ts), and the messages the
 * two exchange over the child's IPC channel:
 *
 * - driver → supervisor `kindling-driver-failure`: how it failed, before it exits
 *   (a failure a restart would repeat is not restarted);
 * - driver → supervisor `kindling-driver-running`: it is doing its job (a streaming
 *   driver: its first batch completed), so now is the time to prepare a standby;
 * - supervisor → standby `kindling-driver-take-over`: the active driver died, go.
 *
 * A warm standby is a driver started ahead of need: it loads the CLI and the job
 * bundle and, on a local master, starts its executors, then waits. When the active
 * driver dies, the standby runs the job at once — and recovers from the checkpoint
 * only then, never before, so it reads what the dead driver last wrote. That moves
 * node's start, the imports, the bundle build and the executors' start (most of a
 * restart's time, see docs/DECISIONS.md) out of the recovery. Until it takes over,
 * its stderr is held back: a standby's failure is not the user's concern unless it
 * is needed, and then a cold start reports the same failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Set in the environment of a supervised driver, so that it runs the job instead of supervising. */
export const supervisedEnvVar = 'KINDLING_SUPERVISED';
/** Set (with supervisedEnvVar) in a warm standby driver's environment. */
export const standbyEnvVar = 'KINDLING_SUPERVISED_STANDBY';

export interface DriverFailure {
  readonly kind: 'kindling-driver-failure';
  readonly permanent: boolean;
  readonly line: string;
}

export type DriverMessage = DriverFailure | { readonly kind: 'kindling-driver-running' };
export type SupervisorMessage = { readonly kind: 'kindling-driver-take-over' };

export interface DriverExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly failure: DriverFailure | undefined;
}

export class SupervisedDriver {
  readonly exited: Promise<DriverExit>;
  private failure: DriverFailure | undefined;
  private running = false;
  private readonly runningCallbacks: Array<() => void> = [];
  private exitedYet = false;
  private standby: boolean;
  private readonly child: ChildProcess;

  constructor(script: string, argv: readonly string[], role: 'active' | 'standby') {
    this.standby = role === 'standby';
    this.child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
      stdio: ['inherit', 'inherit', this.standby ? 'pipe' : 'inherit', 'ipc'],
      env: { ...process.env, [supervisedEnvVar]: '1', ...(this.standby ? { [standbyEnvVar]: '1' } : {}) },
    });
    // Held back until the standby takes over; then it is the user's driver's stderr.
    this.child.stderr?.on('data', (chunk: Buffer) => {
      if (!this.standby) process.stderr.write(chunk);
    });
    this.child.on('message', (message: DriverMessage | null) => {
      if (message?.kind === 'kindling-driver-failure') this.failure = message;
      else if (message?.kind === 'kindling-driver-running') this.markRunning();
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', (code, signal) => {
        this.exitedYet = true;
        resolve({ code, signal, failure: this.failure });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exitedYet;
  }

  /** Calls `callback` once the driver says it is doing its job. */
  onRunning(callback: () => void): void {
    if (this.running) callback();
    else this.runningCallbacks.push(callback);
  }

  /** The standby becomes the active driver: its stderr goes through from now on, and it runs the job. */
  takeOver(): void {
    this.standby = false;
    const message: SupervisorMessage = { kind: 'kindling-driver-take-over' };
    // A standby that died a moment ago cannot hear it; its exit ends this driver's turn.
    this.child.send(message, (error) => {
      if (error !== null) this.kill('SIGKILL');
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.exitedYet) this.child.kill(signal);
  }

  private markRunning(): void {
    if (this.running) return;
    this.running = true;
    for (const callback of this.runningCallbacks.splice(0)) callback();
  }
}
