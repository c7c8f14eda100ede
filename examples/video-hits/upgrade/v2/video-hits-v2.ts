/**
 * video-hits 2.0.0, the new code of the upgrade drill (`kindling drill upgrade`,
 * README "Upgrading a streaming job"): the same application (same bundle name), the
 * same operator uids, and two changes a team makes to a running job:
 *
 * 1. a bug fix in the per-record function: 1.0.0 reset a video's count to 1 when a
 *    late play of an earlier hour arrived after the first play of the next hour
 *    (across partitions a batch's plays are not in time order), losing the current
 *    hour's count; 2.0.0 leaves the count alone and emits nothing for the late play;
 * 2. a new stateless branch: every hundredth play of a video is a milestone, saved
 *    under `<output>/milestones`.
 *
 *   kindling submit --upgrade --master local[2] examples/video-hits/upgrade/v2/video-hits-v2.ts \
 *     file:///tmp/video-hits --source rate --rate 400 --batch 1 --output file:///tmp/video-hits-out
 *
 * The state's type (VideoPlayCount) is unchanged, so its version stays 1 and the
 * checkpointed state is re-attached as it is.
 */
import { capture, Minutes, Seconds, StateSpec, StreamingContext, type DStream, type KindlingContext, type State } from '@kindling/driver';
import { startEventGenerator, type EventGenerator } from '../../event-generator.js';
import { byCount, formatTop10, parse, parseArgs, playCountLine, playFromRate, stateLine, type Options, type VideoPlayCount } from '../../video-hits.js';

// Functions travel by reference: what the graph uses must be exports of this bundle.
export { byCount, formatTop10, parse, playCountLine, playFromRate, stateLine };

const HOUR = 3_600_000;

/** 1.0.0's trackVideoHits with the late-play fix. */
export function trackVideoHits(videoId: string, timestamp: number | undefined, state: State<VideoPlayCount>): VideoPlayCount | undefined {
  if (timestamp === undefined) return undefined;
  const hour = Math.floor(timestamp / HOUR) * HOUR;
  const previous = state.exists() ? state.get() : undefined;
  if (previous !== undefined && hour < previous.day) return undefined; // a late play of an hour already closed
  const count: VideoPlayCount = previous !== undefined && previous.day === hour ? { videoId, day: hour, count: previous.count + 1 } : { videoId, day: hour, count: 1 };
  state.update(count);
  return count;
}

export function isMilestone(c: VideoPlayCount | undefined): c is VideoPlayCount {
  return c !== undefined && c.count % 100 === 0;
}

function createContext(kc: KindlingContext, options: Options): StreamingContext {
  const ssc = new StreamingContext(kc, Seconds(options.batchSeconds));
  ssc.checkpoint(options.checkpointDir);
  // Operators are created in 1.0.0's order, with its uids.
  const plays: DStream<[string, number]> =
    options.source === 'socket'
      ? ssc.socketTextStream('127.0.0.1', options.port).name('video-played-socket').map(parse)
      : ssc
          .rateStream({ rowsPerSecond: options.rate, numPartitions: 2 })
          .name('video-played-rate')
          .filter(capture({ max: options.maxRecords ?? Number.MAX_SAFE_INTEGER }, ({ max }) => (row: { value: number }) => row.value < max))
          .map(playFromRate);
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
  // New in 2.0.0: a stateless branch. It has no state, so an upgrade only counts it.
  if (options.output !== undefined) hits.filter(isMilestone).map(playCountLine).name('milestones').saveAsTextFiles(`${options.output}/milestones`);
  return ssc;
}

export default async function main(kc: KindlingContext, args: string[]): Promise<void> {
  const options = parseArgs(args);
  let generator: EventGenerator | undefined;
  if (options.source === 'socket') generator = await startEventGenerator({ rate: options.rate, port: options.port });
  try {
    const ssc = await StreamingContext.getOrCreate(options.checkpointDir, () => createContext(kc, options));
    ssc.start();
    console.log(`video-hits 2.0.0: ${options.source} source, batch ${options.batchSeconds} s, checkpoints in ${options.checkpointDir}`);
    if (options.durationSeconds === undefined) {
      await ssc.awaitTermination();
    } else if (!(await ssc.awaitTerminationOrTimeout(options.durationSeconds * 1000))) {
      await ssc.stop({ stopKindlingContext: false, graceful: true });
    }
  } finally {
    await generator?.close();
  }
}
