/**
 * The driver's gRPC service (DriverService in proto/kindling.proto): executor
 * registration and heartbeats, bundle and task-payload downloads, and map output
 * lookups for reducers. Every call must present the shared secret's token; every
 * call after registration must name this driver's application.
 */
import { readFile } from 'node:fs/promises';
import {
  ErrorCode,
  KindlingError,
  RpcError,
  bundleFileName,
  callAppId,
  grpc,
  manifestFileName,
  mapStatusToWire,
  sendChunks,
  serverStreamHandler,
  sliceIntoChunks,
  unaryHandler,
  writeWithBackpressure,
  type BundleManifest,
  type CallGuard,
  type DriverServiceHandlers,
  type Logger,
  type MapOutputSource,
  type RegisterExecutorRequest__Output,
  type RegisterExecutorResponse,
  type RpcSecurity,
  type Serializer,
  defaultSerializer,
  deliverReceiverReport,
  receiverCommandToWire,
  receiverReportFromWire,
} from '@kindling/common';
import type { PayloadRegistry } from './payload-registry.js';

/** A job bundle the driver can send: bundle.mjs on disk and its manifest (a LoadedJobBundle fits). */
export interface BundleSource {
  readonly sha256: string;
  readonly file: string;
  readonly manifest: BundleManifest;
}

export interface DriverServiceHost {
  readonly appId: string;
  readonly security: RpcSecurity;
  readonly logger: Logger;
  readonly payloads: PayloadRegistry;
  readonly mapOutputs: MapOutputSource;
  /** Registers an executor and answers it; throws to refuse. `peer` is where the call came from. */
  registerExecutor(request: RegisterExecutorRequest__Output, peer: string): RegisterExecutorResponse;
  /**
   * False when the executor is unknown (lost, or never registered): it must register
   * again. `taskRunnerReady`: its task threads are up.
   */
  heartbeat(executorId: string, taskRunnerReady: boolean): boolean;
  bundle(sha256: string): BundleSource | undefined;
  /** Counts bundle downloads (tests assert executors cache bundles). */
  bundleDownloaded(sha256: string): void;
  mapOutputEpoch(): number;
  /** The application's record serializer (kindling.serializer), for received blocks; msgpack when absent. */
  readonly recordSerializer?: Serializer;
  /** Live executors holding a cached block, with the addresses their ExecutorService listens on. */
  blockLocations(blockId: string): Array<{ executorId: string; address: string }>;
  /** A broadcast's encoded value; throws (BroadcastDestroyedError) when it is gone. */
  broadcastBytes(broadcastId: number): Uint8Array;
}

export function driverServiceGuard(host: Pick<DriverServiceHost, 'security' | 'logger'>): CallGuard {
  return (method, metadata, peer) => {
    if (host.security.isAuthorized(metadata)) return undefined;
    host.logger.warn({ method, peer }, `refused ${method} from ${peer}: wrong or missing shared secret (kindling.authenticate.secret)`);
    return { code: grpc.status.UNAUTHENTICATED, details: `${method} refused by the driver: wrong or missing shared secret (kindling.authenticate.secret)` };
  };
}

/** Calls after registration must name this application; an executor of an old driver learns to re-register. */
function requireApp(host: DriverServiceHost, method: string, call: { metadata: grpc.Metadata; getPeer(): string }): void {
  const appId = callAppId(call.metadata);
  if (appId === host.appId) return;
  host.logger.warn({ method, peer: call.getPeer(), appId }, `refused ${method} from ${call.getPeer()}: unknown application '${appId}'`);
  throw new RpcError(
    ErrorCode.Authentication,
    grpc.status.FAILED_PRECONDITION,
    `${method} refused by the driver: unknown application '${appId}' (this driver runs ${host.appId}); register again`,
  );
}

export function driverServiceHandlers(host: DriverServiceHost): DriverServiceHandlers {
  const guard = driverServiceGuard(host);
  return {
    RegisterExecutor: unaryHandler(guard, 'RegisterExecutor', (request, call) => host.registerExecutor(request, call.getPeer())),

    Heartbeat: unaryHandler(guard, 'Heartbeat', (request, call) => {
      requireApp(host, 'Heartbeat', call);
      return { reregister: !host.heartbeat(request.executorId, request.taskRunnerReady) };
    }),

    DownloadBundle: serverStreamHandler(guard, 'DownloadBundle', async (request, call) => {
      requireApp(host, 'DownloadBundle', call);
      const bundle = host.bundle(request.sha256);
      if (bundle === undefined) {
        throw new KindlingError(ErrorCode.NotFound, `The driver has no job bundle ${request.sha256.slice(0, 12)}…`);
      }
      host.bundleDownloaded(bundle.sha256);
      const manifest = Buffer.from(`${JSON.stringify(bundle.manifest, null, 2)}\n`);
      const code = await readFile(bundle.file);
      for (const [path, bytes] of [[manifestFileName, manifest], [bundleFileName, code]] as const) {
        for (const slice of sliceIntoChunks(bytes)) {
          if (call.cancelled) return;
          await writeWithBackpressure(call, { path, data: slice.data, offset: slice.offset, fileSize: bytes.byteLength });
        }
      }
      call.end();
    }),

    FetchTaskPayload: serverStreamHandler(guard, 'FetchTaskPayload', async (request, call) => {
      requireApp(host, 'FetchTaskPayload', call);
      const payload = host.payloads.get(request.payloadId);
      if (payload === undefined) throw new KindlingError(ErrorCode.NotFound, `The driver no longer holds task payload ${request.payloadId}`);
      await sendChunks(call, payload);
    }),

    GetMapStatuses: unaryHandler(guard, 'GetMapStatuses', async (request, call) => {
      requireApp(host, 'GetMapStatuses', call);
      // Read the epoch first: statuses fetched after it are at least that fresh.
      const epoch = host.mapOutputEpoch();
      const statuses = await host.mapOutputs.getMapStatuses(request.shuffleId);
      return { statuses: statuses.map(mapStatusToWire), epoch };
    }),

    // Streaming receivers' blocks and events go to this process's ReceiverTracker
    // (the active StreamingContext's); with none, the answer tells the receiver to stop.
    ReportReceiver: unaryHandler(guard, 'ReportReceiver', async (request, call) => {
      requireApp(host, 'ReportReceiver', call);
      const command = await deliverReceiverReport(receiverReportFromWire(request, host.recordSerializer ?? defaultSerializer()));
      return receiverCommandToWire(command);
    }),
    GetBlockLocations: unaryHandler(guard, 'GetBlockLocations', (request, call) => {
      requireApp(host, 'GetBlockLocations', call);
      return Promise.resolve({ locations: host.blockLocations(request.blockId) });
    }),

    FetchBroadcast: serverStreamHandler(guard, 'FetchBroadcast', async (request, call) => {
      requireApp(host, 'FetchBroadcast', call);
      let bytes: Uint8Array;
      try {
        bytes = host.broadcastBytes(request.broadcastId);
      } catch (error) {
        // NOT_FOUND, with the driver's one-line reason: the executor fails the task with it.
        throw new KindlingError(ErrorCode.NotFound, error instanceof Error ? error.message : String(error));
      }
      await sendChunks(call, bytes);
    }),
  };
}
