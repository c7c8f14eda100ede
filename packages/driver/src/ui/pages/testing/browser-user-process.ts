/**
 * The bench's side of testing/browser-user.ts: starts that script in a process of
 * its own (a user's browser is not on the driver's event loop) and speaks its line
 * protocol.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export class BrowserUser {
  private constructor(
    readonly child: ChildProcess,
    private readonly lines: AsyncIterableIterator<string>,
    private readonly rl: Interface,
  ) {}

  static async start(): Promise<BrowserUser> {
    const script = fileURLToPath(new URL('./browser-user.js', import.meta.url));
    const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
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
