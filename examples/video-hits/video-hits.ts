/**
 * Kindling's main demo (shared/reference/video-hits.md): plays per video in the
 * current hour, kept with mapWithState, from a socket of `VideoPlayed` events.
 *
 *   kindling submit --master local[2] examples/video-hits/video-hits.ts file:///tmp/video-hits \
 *     [--batch 10] [--duration 60] [--rate 2000] [--source socket|rate] [--port 9999]
 *     [--max-records N] [--output PREFIX]     (rate source: end the input; save counts and state per batch)
 *     [--state-checkpoint S]                  (checkpoint the state every S seconds instead of every ten batches)
 *
 * The driver starts a small event generator (event-generator.ts) on 127.0.0.1 and
 * the socket receiver, on an executor, reads it. Each batch prints the ten highest
 * counts. The context comes from StreamingContext.getOrCreate, so a driver restarted
 * with the same checkpoint directory resumes from it. Ctrl-C stops it; with
 * --duration it stops by itself, gracefully, after that many seconds.
 */
import { capture, Minutes, Seconds, StateSpec, StreamingContext, type DStream, type KindlingContext, type State } from '@kindling/driver';
import { startEventGenerator, type EventGenerator, type VideoPlayed } from './event-generator.js';

export interface VideoPlayCount {
  readonly videoId: string;
  /** Start of the hour the plays are counted in, epoch ms. */
  readonly day: number;
  readonly count: number;
}

const HOUR = 3_600_000;

export function parse(line: string): [string, number] {
  const event = JSON.parse(line) as VideoPlayed;
  return [event.videoId, event.timestamp];
}

/** The rate source's plays start at this (simulated) time, one simulated hour per 10,000 plays. */
const RATE_EPOCH = Date.UTC(2019, 2, 17, 21, 0, 0);

/**
 * A numbered record of the rate source as a play: the same number always gives the
 * same play, timestamp included, so two runs over the same numbers (the driver-kill
 * drill's failure-free run and its run with kills) count exactly the same plays.
 */
export function playFromRate(row: { value: number; timestamp: number }): [string, number] {
  const u = ((row.value * 2654435761) % 4294967296) / 4294967296;
  return [`video-${Math.floor(1000 * u * u * u)}`, RATE_EPOCH + Math.floor(row.value / 10_000) * HOUR + (row.value % 10_000)];
}

export function playCountLine(c: VideoPlayCount): string {
  return `${c.videoId},${formatTimestamp(c.day)},${c.count}`;
}

export function stateLine(kv: [string, VideoPlayCount]): string {
  return playCountLine(kv[1]);
}

/**
 * Counts the plays of `videoId` in the hour of `timestamp`; a play in a new hour
 * starts a new count. Called once with no timestamp when the video has been idle
 * for an hour: its state is then dropped and nothing is emitted.
 */
export function trackVideoHits(videoId: string, timestamp: number | undefined, state: State<VideoPlayCount>): VideoPlayCount | undefined {
  if (timestamp === undefined) return undefined;
  const hour = Math.floor(timestamp / HOUR) * HOUR;
  const previous = state.exists() ? state.get() : undefined;
  const count: VideoPlayCount = previous !== undefined && previous.day === hour ? { videoId, day: hour, count: previous.count + 1 } : { videoId, day: hour, count: 1 };
  state.update(count);
  return count;
}

export function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

export function byCount(a: VideoPlayCount, b: VideoPlayCount): number {
  return a.count - b.count || b.videoId.localeCompare(a.videoId);
}

/** Java's Timestamp form, which the chapter's output shows: 2019-03-17 21:44:00.0 */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${Math.floor(d.getMilliseconds() / 100)}`;
}

export function formatTop10(top: readonly VideoPlayCount[], time: number): string {
  const rule = '=========================';
  const lines = top.map((c) => `${c.videoId}, ${formatTimestamp(c.day)}, ${c.count}`);
  return [`Top 10 at time ${formatTimestamp(time)}`, rule, ...lines, rule, ''].join('\n');
}

export interface Options {
  readonly checkpointDir: string;
  readonly batchSeconds: number;
  readonly durationSeconds: number | undefined;
  readonly rate: number;
  readonly source: 'socket' | 'rate';
  /** The event generator's port: fixed, because a driver recovered from its checkpoint reconnects to the same one. */
  readonly port: number;
  /** Rate source only: records numbered from this on are dropped, so the input ends (the drill drains it). */
  readonly maxRecords: number | undefined;
  /** Writes each batch's counts and state snapshot with saveAsTextFiles under this prefix (`<prefix>/hits`, `<prefix>/state`). */
  readonly output: string | undefined;
  /** Seconds between checkpoints of the state (default mapWithState's: ten batches); the upgrade drill checkpoints it sooner. */
  readonly stateCheckpointSeconds: number | undefined;
}

export function parseArgs(args: string[]): Options {
  let checkpointDir = 'file:///tmp/kindling-video-hits';
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) flags.set(arg.slice(2), args[++i] ?? '');
    else checkpointDir = arg;
  }
  const number = (name: string, fallback: number): number => {
    const raw = flags.get(name);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`video-hits: --${name} must be a positive number, got ${raw}`);
    return value;
  };
  const source = flags.get('source') ?? 'socket';
  if (source !== 'socket' && source !== 'rate') throw new Error(`video-hits: --source must be socket or rate, got ${source}`);
  return {
    checkpointDir,
    batchSeconds: number('batch', 10),
    durationSeconds: flags.has('duration') ? number('duration', 60) : undefined,
    rate: number('rate', 2000),
    source,
    port: number('port', 9999),
    maxRecords: flags.has('max-records') ? number('max-records', 1) : undefined,
    output: flags.get('output'),
    stateCheckpointSeconds: flags.has('state-checkpoint') ? number('state-checkpoint', 10) : undefined,
  };
}

function createContext(kc: KindlingContext, options: Options, port: number): StreamingContext {
  const ssc = new StreamingContext(kc, Seconds(options.batchSeconds));
  ssc.checkpoint(options.checkpointDir);
  const plays: DStream<[string, number]> =
    options.source === 'socket'
      ? ssc.socketTextStream('127.0.0.1', port).name('video-played-socket').map(parse)
      : ssc
          .rateStream({ rowsPerSecond: options.rate, numPartitions: 2 })
          .name('video-played-rate')
          .filter(capture({ max: options.maxRecords ?? Number.MAX_SAFE_INTEGER }, ({ max }) => (row: { value: number }) => row.value < max))
          .map(playFromRate);
  // The chapter checkpoints the input every 60 s (a multiple of the batch), the state at mapWithState's default.
  plays.checkpoint(Seconds(Math.ceil(60 / options.batchSeconds) * options.batchSeconds));
  const hits = plays.mapWithState(StateSpec.function(trackVideoHits).timeout(Minutes(60))).name('hits-per-video');
  if (options.stateCheckpointSeconds !== undefined) hits.checkpoint(Seconds(options.stateCheckpointSeconds));
  if (options.output !== undefined) {
    hits.flatMap((c) => (c === undefined ? [] : [c])).map(playCountLine).saveAsTextFiles(`${options.output}/hits`);
    hits.stateSnapshots().map(stateLine).saveAsTextFiles(`${options.output}/state`);
  }
  hits
    .stateSnapshots()
    .map((kv) => kv[1])
    .foreachRDD(async (rdd, time) => {
      const top = await rdd.top(10, byCount);
      process.stdout.write(formatTop10(top, time));
    });
  return ssc;
}

export default async function main(kc: KindlingContext, args: string[]): Promise<void> {
  const options = parseArgs(args);
  let generator: EventGenerator | undefined;
  if (options.source === 'socket') generator = await startEventGenerator({ rate: options.rate, port: options.port });
  try {
    const ssc = await StreamingContext.getOrCreate(options.checkpointDir, () => createContext(kc, options, options.port));
    ssc.start();
    const until = options.durationSeconds === undefined ? 'Ctrl-C' : `${options.durationSeconds} s (or Ctrl-C)`;
    console.log(`video-hits: ${options.source} source, batch ${options.batchSeconds} s, checkpoints in ${options.checkpointDir}; running until ${until}`);
    if (options.durationSeconds === undefined) {
      await ssc.awaitTermination();
    } else {
      const stopped = await ssc.awaitTerminationOrTimeout(options.durationSeconds * 1000);
      if (!stopped) await ssc.stop({ stopKindlingContext: false, graceful: true });
    }
  } finally {
    await generator?.close();
  }
}
