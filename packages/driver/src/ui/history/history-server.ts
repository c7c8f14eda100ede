/**
 * `kindling history <eventLogDir>` (Spark's HistoryServer): the REST API and the
 * pages of the driver UI, for every application attempt whose event log is in the
 * directory. Page URLs name the application as Spark's do:
 * `/history/<appId>[/<attemptId>]/jobs/`; the REST API is the same as a driver's.
 */
import { getFileSystem, InvalidArgumentError, KindlingError, type Logger } from '@kindling/common';
import { createDefaultUiPages } from '../default-ui-pages.js';
import type { UiPageContext, UiPages } from '../ui-pages.js';
import { UiServer } from '../ui-server.js';
import { HistoryProvider } from './history-provider.js';

export const DEFAULT_HISTORY_PORT = 18080;
/** Spark's spark.history.fs.update.interval. */
export const DEFAULT_UPDATE_INTERVAL_MS = 10_000;

export interface HistoryServerOptions {
  readonly logDir: string;
  readonly host?: string;
  readonly port?: number;
  readonly updateIntervalMs?: number;
  readonly pages?: UiPages;
  readonly logger: Logger;
}

export class HistoryServer {
  private constructor(
    readonly provider: HistoryProvider,
    private readonly server: UiServer,
  ) {}

  get url(): string {
    return this.server.url;
  }

  get port(): number {
    return this.server.port;
  }

  static async start(options: HistoryServerOptions): Promise<HistoryServer> {
    const fs = (() => {
      try {
        return getFileSystem(options.logDir);
      } catch (error) {
        throw new InvalidArgumentError(`${options.logDir} is not a usable directory URI: ${KindlingError.from(error).message}`, { cause: error });
      }
    })();
    const status = await fs.stat(options.logDir).catch(() => undefined);
    if (status?.type !== 'DIRECTORY') {
      throw new InvalidArgumentError(`The event log directory ${options.logDir} does not exist; give the kindling.eventLog.dir of the applications to show`);
    }
    const provider = new HistoryProvider(options.logDir, options.logger);
    await provider.refresh();
    provider.startPolling(options.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS);
    try {
      const server = await UiServer.start({
        host: options.host ?? '127.0.0.1',
        port: options.port ?? DEFAULT_HISTORY_PORT,
        maxRetries: 0,
        source: provider,
        pages: options.pages ?? createDefaultUiPages(),
        pageContext: (url) => historyPageContext(url, provider),
        logger: options.logger,
        what: 'history server',
      });
      return new HistoryServer(provider, server);
    } catch (error) {
      provider.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.provider.stop();
    await this.server.stop();
  }
}

/** `/history/<appId>[/<attemptId>]/…` names the application a page is about. */
function historyPageContext(url: URL, provider: HistoryProvider): UiPageContext {
  const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const appId = parts[0] === 'history' ? parts[1] : undefined;
  let attemptId: string | undefined;
  let appName: string | undefined;
  for (const store of provider.stores()) {
    const app = store.application!;
    if (app.appId !== appId) continue;
    appName = app.appName;
    if (app.attemptId !== undefined && app.attemptId === parts[2]) attemptId = app.attemptId;
  }
  return { mode: 'history', apiRoot: '/api/v1', appId: appName === undefined ? undefined : appId, attemptId, appName };
}
