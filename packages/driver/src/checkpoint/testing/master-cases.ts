/**
 * The masters checkpoint tests and benches run on: local-inprocess, and local[2] with
 * executor processes over gRPC. local[2] uses the scheduler-backend factory once it
 * is wired; until then the same gRPC backend (packages/driver/src/cluster) is
 * injected through `KindlingContextOptions.createBackend`, and the label says so,
 * rather than skipping the multi-process case.
 */
import { createLogger, KindlingConf, type Logger } from '@kindling/common';
import { ClusterBackend, createClusterBackend } from '../../cluster/index.js';
import { KindlingContext, type KindlingContextOptions } from '../../kindling-context.js';
import { parseMasterUrl } from '../../scheduler/master-url.js';
import { createSchedulerBackend } from '../../scheduler/scheduler-backend-factory.js';

export interface TestContext {
  readonly kc: KindlingContext;
  /** The gRPC backend when the master runs executor processes. */
  readonly cluster: ClusterBackend | undefined;
}

export interface MasterCase {
  readonly master: 'local-inprocess' | 'local[2]';
  /** Shown in the test names: how the master's backend was obtained. */
  readonly label: string;
  create(options?: { readonly logger?: Logger; readonly conf?: KindlingConf }): Promise<TestContext>;
}

/** Whether the backend factory runs `master` itself yet (it threw "not available yet" before the gRPC backend was wired). */
function factoryServes(master: string): boolean {
  try {
    // Constructing a backend starts nothing; only start() does.
    createSchedulerBackend({
      master,
      masterUrl: parseMasterUrl(master),
      appId: 'probe',
      appName: 'probe',
      conf: new KindlingConf(),
      logger: createLogger({ level: 'silent' }),
      mapOutputTracker: undefined as never,
      bundle: undefined,
    });
    return true;
  } catch {
    return false;
  }
}

export function masterCases(): MasterCase[] {
  const wired = factoryServes('local[2]');
  return [
    {
      master: 'local-inprocess',
      label: 'local-inprocess',
      create: async (options = {}) => ({ kc: await KindlingContext.create(contextOptions('local-inprocess', options)), cluster: undefined }),
    },
    {
      master: 'local[2]',
      label: wired ? 'local[2]' : 'local[2] (gRPC backend injected: the backend factory does not serve local[N] yet)',
      create: async (options = {}) => {
        let cluster: ClusterBackend | undefined;
        const kc = await KindlingContext.create({
          ...contextOptions('local[2]', options),
          // The factory's own backend once it serves local[N]; kept by hand so tests can reach its processes.
          createBackend: (setup) => {
            const backend = wired
              ? createSchedulerBackend(setup)
              : createClusterBackend({
                  master: setup.master,
                  conf: setup.conf,
                  logger: setup.logger,
                  appId: setup.appId,
                  mapOutputs: setup.mapOutputTracker,
                  bundle: setup.bundle,
                });
            if (backend instanceof ClusterBackend) cluster = backend;
            return backend;
          },
        });
        return { kc, cluster };
      },
    },
  ];
}

function contextOptions(master: string, options: { readonly logger?: Logger; readonly conf?: KindlingConf }): KindlingContextOptions {
  const conf = options.conf?.clone() ?? new KindlingConf();
  conf.setIfMissing('kindling.ui.showConsoleProgress', 'false');
  return { master, appName: 'checkpoint-test', conf, logger: options.logger ?? createLogger({ level: 'silent' }) };
}
