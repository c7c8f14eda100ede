/**
 * What the executor says about its memory when it starts serving an application:
 * the heap V8 will allow each isolate, and the share of `kindling.executor.memory`
 * each task thread manages. A `local[N]` executor is spawned with
 * `--max-old-space-size` set from the setting; an executor started by hand
 * (`kindling executor`) gets its heap from how node was started, so when that is
 * below the setting it is told how to fix it rather than being left to die of an
 * out-of-memory crash later.
 */
import { getHeapStatistics } from 'node:v8';
import { MemoryConf, executorMemoryBytes, managedMemoryBytes, type KindlingConf, type Logger } from '@kindling/common';

const MiB = 1024 * 1024;

export function logExecutorMemory(conf: KindlingConf, slots: number, logger: Logger): void {
  const memory = executorMemoryBytes(conf);
  const heapLimit = getHeapStatistics().heap_size_limit;
  const managed = managedMemoryBytes(conf, slots);
  logger.info(
    { executorMemory: memory, heapLimit, managedPerThread: managed, slots },
    `executor memory ${Math.round(memory / MiB)} MiB; heap limit ${Math.round(heapLimit / MiB)} MiB; each of ${slots} task thread(s) keeps cached blocks and shuffle data within ${Math.round(managed / MiB)} MiB`,
  );
  if (conf.contains(MemoryConf.executorMemory) && heapLimit < memory) {
    const mb = Math.ceil(memory / MiB);
    logger.warn(
      { executorMemory: memory, heapLimit },
      `${MemoryConf.executorMemory} is ${mb} MiB but this process's heap limit is ${Math.round(heapLimit / MiB)} MiB; start the executor with NODE_OPTIONS=--max-old-space-size=${mb}`,
    );
  }
}
