/**
 * The masters checkpoint tests and benches run on: local-inprocess, and local[2] with
 * executor processes over gRPC. For local[2] the factory's backend is kept by hand
 * (through `KindlingContextOptions.createBackend`) so that tests can reach its
 * executor processes, e.g. to kill one.
 */
import { createLogger, KindlingConf, type Logger } from '@kindling/common';
import { ClusterBackend } from '../../cluster/index.js';
import { KindlingContext, type KindlingContextOptions } from '../../kindling-context.js';
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

export function masterCases(): MasterCase[] {
  return [
    {
      master: 'local-inprocess',
      label: 'local-inprocess',
      create: async (options = {}) => ({ kc: await KindlingContext.create(contextOptions('local-inprocess', options)), cluster: undefined }),
    },
    {
      master: 'local[2]',
      label: 'local[2]',
      create: async (options = {}) => {
        let cluster: ClusterBackend | undefined;
        const kc = await KindlingContext.create({
          ...contextOptions('local[2]', options),
          createBackend: (setup) => {
            const backend = createSchedulerBackend(setup);
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
