/**
 * The bench's side of browser-user.ts (or playwright-browser-user.ts): starts that script in a process of
 * its own (a user's browser is not on the driver's event loop) and speaks its line
 * protocol.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The walker of the benches' user: a page every 5 s through these, after Streaming and Jobs in tabs of their own. */
export const WALK_MS = 5_000;
export const WALKED = ['/stages/', '/executors/', '/storage/', '/environment/', '/checkpoints/'];

/** The protocol's `open` of the walker alone (no fixed tab) on the UI at `url`. */
export function walkerCommand(url: string): string {
  return `open ${WALK_MS} 0 ${WALKED.map((p) => `${url}${p}`).join(' ')}`;
}

/** The protocol's `open` of the three tabs: Streaming, Jobs and the walker. */
export function threeTabsCommand(url: string): string {
  return `open ${WALK_MS} 2 ${url}/streaming/ ${url}/jobs/ ${WALKED.map((p) => `${url}${p}`).join(' ')}`;
}

export class BrowserUser {
  private constructor(
    readonly child: ChildProcess,
    private readonly lines: AsyncIterableIterator<string>,
    private readonly rl: Interface,
  ) {}

  /**
   * `via`: 'bare' (browser-user.ts, the model of a user) or 'playwright'
   * (playwright-browser-user.ts, for comparison); `idle`: the browser user and
   * the Chromium it starts at the idle scheduling priority (idlePrefix).
   */
  static async start(options: { readonly via?: 'bare' | 'playwright'; readonly idle?: boolean } = {}): Promise<BrowserUser> {
    const name = options.via === 'playwright' ? 'playwright-browser-user' : 'browser-user';
    const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
    const [command, ...args] = [...(options.idle === true ? idlePrefix() : []), process.execPath, script];
    const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const rl = createInterface({ input: child.stdout! });
    const user = new BrowserUser(child, rl[Symbol.asyncIterator](), rl);
    const first = await user.reply();
    if (first !== 'ready') throw new Error(`the browser did not start: ${first}`);
    return user;
  }

  get pid(): number {
    return this.child.pid!;
  }

  async reply(): Promise<string> {
    const next = await this.lines.next();
    if (next.done === true) throw new Error('the browser process ended');
    return next.value;
  }

  async send(line: string): Promise<string> {
    this.child.stdin!.write(`${line}\n`);
    return this.reply();
  }

  /** Sends a command that answers "ok", and throws with `what` otherwise. */
  async expectOk(line: string, what: string): Promise<void> {
    const answer = await this.send(line);
    if (answer !== 'ok') throw new Error(`${what}: ${answer}`);
  }

  async exit(): Promise<void> {
    this.child.stdin!.end('exit\n');
    await new Promise((resolve) => this.child.once('close', resolve));
    this.rl.close();
  }
}

/**
 * How a process is started at the idle priority, which its children inherit:
 * chrt's SCHED_IDLE (it runs only on a core nothing else wants) when the system has
 * chrt and allows it, else nice 19 (a share of about 1.5 % against a nice-0 process
 * competing for the same core).
 */
export function idlePrefix(): readonly string[] {
  return spawnSync('chrt', ['--idle', '0', 'true']).status === 0 ? ['chrt', '--idle', '0'] : ['nice', '-n', '19'];
}
