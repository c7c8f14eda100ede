/**
 * A small source of `VideoPlayed` events for the demo: a TCP server on 127.0.0.1
 * that sends every client one JSON line per play, `rate` plays a second, with video
 * ids skewed so that a few videos are played far more than the rest (as in a real
 * store). Started by the job's driver; the socket receiver connects to it.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface VideoPlayed {
  readonly videoId: string;
  readonly clientId: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}

export interface EventGenerator {
  readonly port: number;
  /** Plays sent so far, over every client. */
  readonly sent: () => number;
  close(): Promise<void>;
}

/** A deterministic pseudo-random sequence (mulberry32), so two runs send the same videos. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startEventGenerator(options: { rate: number; videos?: number; port?: number; seed?: number }): Promise<EventGenerator> {
  const videos = options.videos ?? 1000;
  const next = random(options.seed ?? 42);
  const clients = new Set<Socket>();
  let sent = 0;
  const server: Server = createServer((socket) => {
    clients.add(socket);
    socket.on('error', () => clients.delete(socket));
    socket.on('close', () => clients.delete(socket));
  });
  // Send in slices of 100 ms so the rate holds without a timer per event.
  const perTick = Math.max(1, Math.round(options.rate / 10));
  const timer = setInterval(() => {
    if (clients.size === 0) return;
    const now = Date.now();
    let chunk = '';
    for (let i = 0; i < perTick; i++) {
      const u = next();
      const event: VideoPlayed = { videoId: `video-${Math.floor(videos * u * u * u)}`, clientId: `client-${Math.floor(next() * 10_000)}`, timestamp: now };
      chunk += `${JSON.stringify(event)}\n`;
    }
    for (const socket of clients) socket.write(chunk);
    sent += perTick;
  }, 100);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    sent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const socket of clients) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
