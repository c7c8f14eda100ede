/**
 * The one place where the master URL selects the task-execution backend.
 */
import { InvalidArgumentError, type KindlingConf, type LoadedBundle, type Logger } from '@kindling/common';
import { createClusterBackend, type ClusterBackend, type ClusterBackendOptions } from '../cluster/index.js';
import { InProcessBackend } from '../local/in-process-backend.js';
import type { BlockManagerMaster } from './block-manager-master.js';
import type { ListenerBus } from './kindling-listener.js';
import type { MapOutputTracker } from './map-output-tracker.js';
import type { MasterUrl } from './master-url.js';
import type { SchedulerBackend } from './scheduler-backend.js';

/** Everything a backend may need from the driver. */
export interface SchedulerBackendSetup {
  readonly master: string;
  readonly masterUrl: MasterUrl;
  readonly appId: string;
  readonly appName: string;
  readonly conf: KindlingConf;
  readonly logger: Logger;
  /** Serves executors' map output lookups. */
  readonly mapOutputTracker: MapOutputTracker;
  /** The job bundle executors download (by sha256) to resolve function references. */
  readonly bundle: LoadedBundle | undefined;
  /** Where cached blocks are, for executors' remote block reads. */
  readonly blockManagerMaster?: BlockManagerMaster;
  /** Where executors' heartbeats are reported (onExecutorHeartbeat), for the UI. */
  readonly listenerBus?: ListenerBus;
}

export function createSchedulerBackend(setup: SchedulerBackendSetup): SchedulerBackend {
  const url = setup.masterUrl;
  switch (url.kind) {
    case 'local-inprocess':
      return new InProcessBackend({
        conf: setup.conf,
        logger: setup.logger,
        mapOutputs: setup.mapOutputTracker,
        bundle: setup.bundle,
      });
    case 'local':
    case 'cluster':
      // Executor processes over gRPC: spawned on loopback for local[N], started
      // separately (`kindling executor --driver HOST:PORT`) for kindling://.
      return clusterBackendFor(setup);
    default: {
      const unexpected: never = url;
      throw new InvalidArgumentError(`Unknown master ${JSON.stringify(unexpected)}`);
    }
  }
}

/** The gRPC backend for a driver's setup; tests pass `overrides` (e.g. a stand-in task runner). */
export function clusterBackendFor(setup: SchedulerBackendSetup, overrides: Partial<ClusterBackendOptions> = {}): ClusterBackend {
  return createClusterBackend({
    master: setup.master,
    conf: setup.conf,
    logger: setup.logger,
    appId: setup.appId,
    mapOutputs: setup.mapOutputTracker,
    bundle: setup.bundle,
    ...(setup.blockManagerMaster === undefined ? {} : { blockLocations: setup.blockManagerMaster }),
    ...(setup.listenerBus === undefined ? {} : { onHeartbeat: heartbeatReporter(setup.listenerBus) }),
    ...overrides,
  });
}

function heartbeatReporter(bus: ListenerBus): (executorId: string, time: number) => void {
  return (executorId, time) => bus.post('onExecutorHeartbeat', { executorId, time });
}
