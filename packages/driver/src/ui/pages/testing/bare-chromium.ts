/**
 * Headless Chromium with the thinnest DevTools client there is, for the ui-cost
 * benches' browser user: the DevTools protocol over the pipe Chromium opens on
 * fds 3 and 4 (`--remote-debugging-pipe`), one JSON message per NUL, and nothing
 * subscribed that the bench does not read.
 *
 * Why not playwright, as the browser tests: playwright enables the Network and Page
 * domains of every tab (an event per request, per frame and lifecycle step, which
 * the browser process serializes and the client decodes), injects its scripts into
 * every new document, and its `goto` waits on those events; the probe
 * (ui-browser-cpu.bench.ts) measured its client alone at 0.3-0.5 CPU s per 20 s
 * with the walker loading a page every 5 s. A user's browser has no DevTools client
 * at all; this one sends a command when the bench asks for something and receives
 * events only for console errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_FLAGS } from './chromium.js';

type Params = Record<string, unknown>;
type EventHandler = (params: Params, sessionId: string | undefined) => void;

interface Pending {
  readonly resolve: (result: Params) => void;
  readonly reject: (error: Error) => void;
}

export class BareChromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, EventHandler[]>();
  private buffered = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const out = child.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => this.receive(chunk));
    child.once('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('Chromium exited'));
      this.pending.clear();
    });
  }

  /** In a process group of its own, so that a browser that will not close is killed whole. */
  static launch(executablePath: string): BareChromium {
    const profile = mkdtempSync(join(tmpdir(), 'kindling-bare-chromium-'));
    const args = [...CHROMIUM_FLAGS, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'];
    const child = spawn(executablePath, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true });
    return new BareChromium(child, profile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** A DevTools command, to the browser or (with `sessionId`) to one tab. */
  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  on(method: string, handler: EventHandler): void {
    this.handlers.set(method, [...(this.handlers.get(method) ?? []), handler]);
  }

  /**
   * A new tab on about:blank in a window of its own, attached: its session id and
   * target id. A window each: tabs of one window are hidden behind its front one,
   * and a hidden UI page does not poll (live.ts) — three tabs would poll as one.
   */
  async newTab(): Promise<{ readonly sessionId: string; readonly targetId: string }> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank', newWindow: true })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    return { sessionId, targetId };
  }

  /** The value of a JavaScript expression in the tab. */
  async evaluate(sessionId: string, expression: string): Promise<unknown> {
    const { result } = (await this.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value?: unknown } };
    return result.value;
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      await this.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => {
        try {
          process.kill(-this.child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffered.slice(0, end)) as { id?: number; method?: string; params?: Params; result?: Params; error?: { message: string }; sessionId?: string };
      this.buffered = this.buffered.slice(end + 1);
      if (message.id !== undefined) {
        const p = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error !== undefined) p?.reject(new Error(message.error.message));
        else p?.resolve(message.result ?? {});
      } else if (message.method !== undefined) {
        for (const h of this.handlers.get(message.method) ?? []) h(message.params ?? {}, message.sessionId);
      }
    }
  }
}
