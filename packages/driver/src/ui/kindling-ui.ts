/**
 * The driver's UI (Spark's SparkUI with its AppStatusListener and
 * EventLoggingListener): a status store and an event log fed from the listener
 * bus, and the HTTP server on `kindling.ui.port`. Made by KindlingContext.create
 * before the scheduler backend starts, so the executors' registrations are seen;
 * stopped with the context, after its last event.
 *
 * Off entirely (no listener on the bus) when both `kindling.ui.enabled` and
 * `kindling.eventLog.enabled` are false.
 */
import { hostname } from 'node:os';
import { InvalidArgumentError, type KindlingConf, type Logger } from '@kindling/common';
import { kindlingVersion } from '../bundle/kindling-version.js';
import type { ListenerBus } from '../scheduler/kindling-listener.js';
import type { MasterUrl } from '../scheduler/master-url.js';
import type { StreamingListener } from '../streaming/streaming-listener.js';
import { createDefaultUiPages } from './default-ui-pages.js';
import { EventLogWriter } from './history/event-log-writer.js';
import { DEFAULT_REFRESH_MS } from './pages/page-shell.js';
import { AppStatusStore, type StatusLimits } from './status/app-status-store.js';
import { currentUser, environmentEvent, LiveUiListener, StreamingUiListener, type StreamingSide } from './status/live-ui-listener.js';
import type { UiEvent } from './status/ui-event.js';
import type { UiPages } from './ui-pages.js';
import { UiServer } from './ui-server.js';

export const UI_ENABLED_KEY = 'kindling.ui.enabled';
export const UI_PORT_KEY = 'kindling.ui.port';
export const UI_REFRESH_INTERVAL_KEY = 'kindling.ui.refreshInterval';
const MIN_REFRESH_MS = 500;
export const DEFAULT_UI_PORT = 4040;

export interface KindlingUiSetup {
  readonly conf: KindlingConf;
  readonly appId: string;
  readonly appName: string;
  readonly master: string;
  readonly masterUrl: MasterUrl;
  readonly logger: Logger;
  readonly listenerBus: ListenerBus;
  /** The pages to serve (default: createDefaultUiPages()). */
  readonly pages?: UiPages;
}

export class KindlingUI {
  readonly store: AppStatusStore;
  private server: UiServer | undefined;
  private readonly listener: LiveUiListener;
  private stopping: Promise<void> | undefined;
  private appId: string;
  private attemptId: string | undefined = undefined;

  private constructor(
    private readonly setup: KindlingUiSetup,
    readonly eventLog: EventLogWriter | undefined,
  ) {
    this.store = new AppStatusStore(statusLimits(setup.conf));
    this.appId = setup.appId;
    this.listener = new LiveUiListener((event) => this.post(event));
  }

  /** The UI `setup.conf` asks for, started; undefined when both the UI and the event log are off. */
  static async start(setup: KindlingUiSetup): Promise<KindlingUI | undefined> {
    const { conf, logger } = setup;
    const serve = conf.getBoolean(UI_ENABLED_KEY, true);
    const eventLog = EventLogWriter.fromConf(conf, setup.appId, undefined, logger);
    if (!serve && eventLog === undefined) return undefined;
    const ui = new KindlingUI(setup, eventLog);
    ui.post({
      type: 'ApplicationStart',
      appId: setup.appId,
      appName: setup.appName,
      time: Date.now(),
      user: currentUser(),
      kindlingVersion: kindlingVersion(),
      master: setup.master,
    });
    ui.post(environmentEvent(conf.getAll()));
    ui.post({ type: 'ExecutorAdded', executorId: 'driver', host: driverHost(setup.masterUrl), cores: 0, time: Date.now() });
    if (serve) {
      const pages = setup.pages ?? createDefaultUiPages();
      const refreshIntervalMs = uiRefreshIntervalMs(conf);
      ui.server = await UiServer.start({
        host: bindHost(setup.masterUrl),
        port: uiPort(conf),
        // The default port may be busy with other drivers' UIs: then any free one (logged). A port the user chose is not replaced.
        fallBackToAnyPort: !conf.contains(UI_PORT_KEY),
        source: { stores: () => [ui.store] },
        pages,
        pageContext: () => ({ mode: 'live', apiRoot: '/api/v1', appId: ui.appId, attemptId: ui.attemptId, appName: setup.appName, refreshIntervalMs }),
        logger,
        what: 'Kindling UI',
      });
    }
    setup.listenerBus.addListener(ui.listener);
    return ui;
  }

  /** http://host:port of the UI server, when it serves. */
  get url(): string | undefined {
    return this.server?.url;
  }

  get port(): number | undefined {
    return this.server?.port;
  }

  /** The application this driver shows as: its own, or the one it recovered a checkpoint of. */
  get applicationAttempt(): { readonly appId: string; readonly attemptId: string | undefined } {
    return { appId: this.appId, attemptId: this.attemptId };
  }

  /**
   * From now on this driver is attempt `attemptId` of application `appId` (it
   * recovered that application's streaming checkpoint): so says the UI, and the
   * event log moves to that attempt's file.
   */
  setApplicationAttempt(appId: string, attemptId: string): void {
    this.appId = appId;
    this.attemptId = attemptId;
    void this.eventLog?.renameTo(appId, attemptId);
    this.post({ type: 'ApplicationAttempt', appId, attemptId, time: Date.now() });
  }

  /** Feeds a StreamingContext's events to the UI; returns the function that detaches them. */
  attachStreaming(bus: ListenerBus<StreamingListener>, side: StreamingSide): () => void {
    const listener = new StreamingUiListener((event) => this.post(event), side);
    bus.addListener(listener);
    return () => bus.removeListener(listener);
  }

  post(event: UiEvent): void {
    this.store.apply(event);
    this.eventLog?.append(event);
  }

  /** Ends the application: its last event, the event log closed and renamed, the server stopped. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.setup.listenerBus.removeListener(this.listener);
    this.post({ type: 'ApplicationEnd', time: Date.now() });
    try {
      await this.eventLog?.stop();
    } finally {
      await this.server?.stop();
    }
  }
}

function statusLimits(conf: KindlingConf): StatusLimits {
  return {
    retainedJobs: conf.getInt('kindling.ui.retainedJobs', 1000),
    retainedStages: conf.getInt('kindling.ui.retainedStages', 1000),
    retainedTasks: conf.getInt('kindling.ui.retainedTasks', 100_000),
    retainedBatches: conf.getInt('kindling.streaming.ui.retainedBatches', 1000),
  };
}

/** `kindling.ui.refreshInterval`: how often the pages update unless their user picks another interval. */
export function uiRefreshIntervalMs(conf: KindlingConf): number {
  const ms = conf.getDurationMs(UI_REFRESH_INTERVAL_KEY, DEFAULT_REFRESH_MS);
  if (ms < MIN_REFRESH_MS) {
    throw new InvalidArgumentError(`${UI_REFRESH_INTERVAL_KEY}=${conf.get(UI_REFRESH_INTERVAL_KEY) ?? ''} is too short: the pages would update more often than a browser can draw; use ${MIN_REFRESH_MS}ms or more (default ${DEFAULT_REFRESH_MS / 1000}s)`);
  }
  return ms;
}

/**
 * `kindling.ui.port`, else 4040 — except under node's test runner, where every
 * driver takes a free port: tests run two at a time next to other engineers'
 * drivers, and 4040 to 4056 would run out (Spark's own build turns the UI off for
 * its tests instead; here the UI is part of what the tests exercise).
 */
export function uiPort(conf: KindlingConf): number {
  if (conf.contains(UI_PORT_KEY)) return conf.getInt(UI_PORT_KEY, DEFAULT_UI_PORT);
  return process.env['NODE_TEST_CONTEXT'] !== undefined ? 0 : DEFAULT_UI_PORT;
}

/** The driver's host: loopback for local masters, the master's host for kindling://. */
function bindHost(master: MasterUrl): string {
  return master.kind === 'cluster' ? master.host : '127.0.0.1';
}

function driverHost(master: MasterUrl): string {
  const host = bindHost(master);
  return host === '0.0.0.0' || host === '::' ? hostname() : host;
}
