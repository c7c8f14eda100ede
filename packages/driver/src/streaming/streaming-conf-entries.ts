/**
 * The streaming configuration keys the driver reads, registered with common's
 * registry so that `kindling submit` checks their values before anything starts
 * (the first few streaming keys are registered by @kindling/common, ahead of this
 * code). Spark's names with `kindling.` in place of `spark.`, and Spark's defaults.
 * Imported by driver-conf-entries.ts, so that the CLI knows them before it loads a job.
 */
import { confBoolean, confDuration, confEnum, confInt, confString, registerConfEntries } from '@kindling/common';

registerConfEntries([
  confEnum('kindling.streaming.clock', ['system', 'manual'], 'system', 'the clock batches are timed by (manual: tests advance it)'),
  confBoolean('kindling.streaming.stopKindlingContextByDefault', true, 'StreamingContext.stop() also stops the KindlingContext'),
  confDuration('kindling.streaming.unavailableRetryTimeout', '120s', 'how long a metadata checkpoint write or a batch job that fails because storage is unreachable is retried before the stream fails'),
  confDuration('kindling.streaming.receiverRestartDelay', '2s', 'wait before a failed receiver is started again'),
  // No fixed default: ten batch intervals, as Spark's spark.streaming.gracefulStopTimeout.
  confDuration('kindling.streaming.gracefulStopTimeout', undefined, 'how long a graceful stop waits for received data and running batches before it cancels them (they rerun after a restart; default 10 batch intervals)'),
  confInt('kindling.streaming.receiver.writeAheadLog.rollingIntervalSecs', 60, 'seconds of received data per write-ahead log file', { min: 1 }),
  confInt('kindling.streaming.driver.writeAheadLog.rollingIntervalSecs', 60, 'seconds of received-block metadata per log file', { min: 1 }),
  confString('kindling.streaming.receiver.maxRate', '0', 'records per second a receiver takes at most (0: no limit)'),
  confDuration('kindling.streaming.minRememberDuration', '60s', 'how far back textFileStream looks for new files'),
  confDuration('kindling.streaming.fileStream.minRememberDuration', undefined, 'overrides kindling.streaming.minRememberDuration for file streams'),
  confEnum('kindling.streaming.backpressure.rateEstimator', ['pid'], 'pid', 'how backpressure estimates the rate'),
  confString('kindling.streaming.backpressure.initialRate', '0', 'records per second before the first estimate (0: no limit)'),
  confString('kindling.streaming.backpressure.pid.proportional', '1.0', 'PID estimator: weight of the current error'),
  confString('kindling.streaming.backpressure.pid.integral', '0.2', 'PID estimator: weight of the accumulated error'),
  confString('kindling.streaming.backpressure.pid.derived', '0.0', 'PID estimator: weight of the error change'),
  confString('kindling.streaming.backpressure.pid.minRate', '100', 'PID estimator: lowest rate it sets, records per second'),
  confBoolean('kindling.streaming.upgrade', false, "getOrCreate restarts a checkpoint written by other code: the new code's graph, the matching operators' state (kindling submit --upgrade)"),
  confBoolean('kindling.streaming.upgrade.allowDroppedState', false, 'an upgrade may drop the state of operators the new code no longer has (--allow-dropped-state)'),
  // 10: a full snapshot costs as much as ten deltas of 10 % of the keys, and recovery
  // then reads at most the full one and nine deltas (DECISIONS.md, "State checkpoints").
  // 8: a slice of a 1,000,000-key snapshot takes a few hundred ms, so a batch waits at
  // most that long behind it; a small state pays 8 small jobs, in the background.
  confInt('kindling.streaming.state.fullSnapshotSlices', 8, 'jobs a full state snapshot (mapWithState, updateStateByKey, inverse reduceByKeyAndWindow) is written in, one after another, so that batches can run between them', { min: 1 }),
  // background: a batch that comes while a snapshot slice is written takes the next
  // free cores instead of waiting for the slice's job (DECISIONS.md, task launch).
  confString('kindling.streaming.state.checkpointPool', 'background', 'scheduling pool of the jobs that write state checkpoints (background: only cores no batch wants; default: FIFO with the batches)'),
  confInt('kindling.streaming.state.fullSnapshotInterval', 10, 'state checkpoints between two full snapshots of a stateful operator (the others write only the keys changed since the previous one)', { min: 1 }),
]);
