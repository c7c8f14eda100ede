/**
 * video-hits 3.0.0, the change the upgrade drill must refuse: the state of
 * `hits-per-video` becomes a bare number of plays instead of a VideoPlayCount, and
 * the code says so (`stateVersion(2)`) but gives no migration. An upgrade from a
 * 1.0.0 or 2.0.0 checkpoint stops before anything runs, with a report naming
 * `hits-per-video/state`, and leaves the checkpoint as it was. Giving a migration,
 * `stateVersion(2, (old: VideoPlayCount) => old.count)`, would make it an upgrade.
 */
import { capture, Minutes, Seconds, StateSpec, StreamingContext, type DStream, type KindlingContext, type State } from '@kindling/driver';
import { parseArgs, playFromRate, type Options } from '../../video-hits.js';

export { playFromRate };

export function countPlays(_videoId: string, timestamp: number | undefined, state: State<number>): number | undefined {
  if (timestamp === undefined) return undefined;
  state.update((state.exists() ? state.get() : 0) + 1);
  return state.get();
}

function createContext(kc: KindlingContext, options: Options): StreamingContext {
  const ssc = new StreamingContext(kc, Seconds(options.batchSeconds));
  ssc.checkpoint(options.checkpointDir);
  const plays: DStream<[string, number]> = ssc
    .rateStream({ rowsPerSecond: options.rate, numPartitions: 2 })
    .name('video-played-rate')
    .filter(capture({ max: options.maxRecords ?? Number.MAX_SAFE_INTEGER }, ({ max }) => (row: { value: number }) => row.value < max))
    .map(playFromRate);
  plays.mapWithState(StateSpec.function(countPlays).timeout(Minutes(60)).stateVersion(2)).name('hits-per-video').print();
  return ssc;
}

export default async function main(kc: KindlingContext, args: string[]): Promise<void> {
  const options = parseArgs(args);
  const ssc = await StreamingContext.getOrCreate(options.checkpointDir, () => createContext(kc, options));
  ssc.start();
  await ssc.awaitTermination();
}
