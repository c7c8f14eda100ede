/**
 * The final state checkpoint of a graceful stop (StreamingContext.stop with
 * graceful: true), written after the last batch and before the last metadata
 * checkpoint, so a restart or an upgrade re-attaches the state instead of
 * recomputing it.
 */
import type { Logger } from '@kindling/common';
import type { DStreamGraph } from '../dstream-graph.js';

/**
 * A graceful stop's last state checkpoint of every stateful stream, after the last
 * batch (Spark writes none: a restart, or an upgrade, then recomputes the state
 * from the input since the previous one, or loses it when the input does not
 * reach back that far). Bounded by what is left of the graceful stop's timeout;
 * a write that fails or does not end in time is logged in one line, and the last
 * metadata checkpoint then names the previous complete state checkpoint: a
 * directory is named only once complete, so none is ever read half written.
 */
export async function writeFinalStateCheckpoints(graph: DStreamGraph, lastBatchTime: number, deadline: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
  try {
    const outcome = await Promise.race([graph.writeFinalStateCheckpoints(lastBatchTime), timedOut]);
    if (outcome === 'timeout') {
      logger.warn(
        { batchTime: lastBatchTime },
        `The final state checkpoint after batch ${lastBatchTime} ms did not finish within kindling.streaming.gracefulStopTimeout; the last metadata checkpoint names the previous complete one, and a restart recomputes the state since then`,
      );
    } else if (outcome.some((info) => info !== undefined)) {
      logger.info({ batchTime: lastBatchTime }, `Wrote the final state checkpoint after batch ${lastBatchTime} ms`);
    }
  } finally {
    clearTimeout(timer);
  }
}
