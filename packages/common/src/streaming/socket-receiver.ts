/**
 * The receiver behind socketTextStream (Spark's SocketReceiver): connects to
 * host:port as a TCP client and stores each line (UTF-8, "\n"-terminated, a "\r"
 * before it dropped). When the connection cannot be made, breaks, or the server
 * closes it, the receiver restarts after the restart delay — so a server that is not
 * up yet is retried every 2 s, each failure reported to the listeners — while the
 * stream keeps running with empty batches.
 *
 * Under a rate limit the socket is paused while the buffer is full, so the sender
 * is slowed by TCP flow control rather than the executor's memory filling up.
 */
import { createConnection, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { registerBuiltin } from '../functions/index.js';
import { Receiver } from './receiver.js';

export class SocketReceiver extends Receiver<string> {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super();
  }

  onStart(): void {
    const socket = createConnection({ host: this.host, port: this.port });
    sockets.set(this, socket);
    const decoder = new StringDecoder('utf8');
    let partial = '';
    let connected = false;
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', (chunk: Buffer) => {
      const lines = (partial + decoder.write(chunk)).split('\n');
      partial = lines.pop()!;
      // Not awaited: a socket has no acknowledgement to hold back (as Spark's SocketReceiver).
      void this.storeMany(lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)));
      if (this.mustWaitToStore() && !socket.isPaused()) {
        socket.pause();
        void this.waitToStore().then(() => socket.resume());
      }
    });
    socket.on('error', (error) => {
      if (sockets.get(this) !== socket) return;
      this.restart(connected ? `Error receiving data from ${this.host}:${this.port}` : `Error connecting to ${this.host}:${this.port}`, error);
    });
    socket.on('end', () => {
      if (sockets.get(this) !== socket) return;
      const rest = partial + decoder.end();
      if (rest !== '') void this.store(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
      partial = '';
      this.restart('Socket data stream had no more data');
    });
  }

  onStop(): void {
    const socket = sockets.get(this);
    sockets.delete(this);
    socket?.destroy();
  }
}

// Kept off the instance: a receiver's own fields are what travels to the executor.
const sockets = new WeakMap<SocketReceiver, Socket>();

// A class where a builtin factory expects a function: the resolver hands it over as is.
registerBuiltin('streaming.receiver.socket', () => SocketReceiver as unknown as (...args: unknown[]) => unknown);
