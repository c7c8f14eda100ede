/**
 * The executor's side of DriverService: every call with its deadline, retry
 * policy (rpc-policy.ts) and the auth/app metadata. Used by the executor's main
 * thread and by each task thread (a worker has its own channel to the driver).
 */
import {
  ChunkAssembler,
  FetchFailedError,
  ErrorCode,
  KindlingError,
  callPolicies,
  collectChunks,
  createClient,
  kindlingProto,
  mapStatusFromWire,
  unary,
  withRetry,
  type BundleChunk__Output,
  type DriverServiceClient,
  type GetBlockLocationsResponse__Output,
  type GetMapStatusesResponse__Output,
  type HeartbeatRequest,
  type HeartbeatResponse__Output,
  type Logger,
  type MapStatus,
  type RegisterExecutorRequest,
  type RegisterExecutorResponse__Output,
  type RpcSecurity,
  type ReceiverCommand__Output,
  type ReceiverReport,
} from '@kindling/common';

/** A bundle as downloaded: its files by name. */
export type BundleFiles = ReadonlyMap<string, Buffer>;

export class DriverClient {
  private readonly client: DriverServiceClient;
  private appId = '';

  constructor(
    readonly driverAddress: string,
    private readonly security: RpcSecurity,
    private readonly logger: Logger,
  ) {
    this.client = createClient(kindlingProto().DriverService, driverAddress, security);
  }

  /** The application whose id later calls present (`kindling-app-id`). */
  setAppId(appId: string): void {
    this.appId = appId;
  }

  private metadata(): ReturnType<RpcSecurity['callMetadata']> {
    return this.security.callMetadata(this.appId);
  }

  register(request: RegisterExecutorRequest): Promise<RegisterExecutorResponse__Output> {
    return withRetry(callPolicies.registerExecutor, `Registering with the driver at ${this.driverAddress}`, (deadline) =>
      unary<RegisterExecutorResponse__Output>((cb) => this.client.registerExecutor(request, this.security.callMetadata(), { deadline }, cb)),
    );
  }

  heartbeat(request: HeartbeatRequest): Promise<HeartbeatResponse__Output> {
    return withRetry(callPolicies.heartbeat, `Heartbeat to the driver at ${this.driverAddress}`, (deadline) =>
      unary<HeartbeatResponse__Output>((cb) => this.client.heartbeat(request, this.metadata(), { deadline }, cb)),
    );
  }

  /** Every file of the bundle `sha256` (manifest.json and bundle.mjs). */
  downloadBundle(sha256: string): Promise<BundleFiles> {
    const context = `Downloading job bundle ${sha256.slice(0, 12)}… from the driver at ${this.driverAddress}`;
    return withRetry(
      callPolicies.downloadBundle,
      context,
      (deadline) =>
        new Promise<BundleFiles>((resolve, reject) => {
          const call = this.client.downloadBundle({ sha256 }, this.metadata(), { deadline });
          const files = new Map<string, ChunkAssembler>();
          call.on('data', (chunk: BundleChunk__Output) => {
            let file = files.get(chunk.path);
            if (file === undefined) {
              file = new ChunkAssembler(`${context}: ${chunk.path}`);
              files.set(chunk.path, file);
            }
            try {
              file.add(chunk.data, chunk.offset, chunk.fileSize);
            } catch (error) {
              call.cancel();
              reject(error);
            }
          });
          call.on('error', reject);
          call.on('end', () => {
            try {
              resolve(new Map([...files].map(([path, assembler]) => [path, assembler.finish()])));
            } catch (error) {
              reject(error);
            }
          });
        }),
      { logger: this.logger },
    );
  }

  fetchTaskPayload(payloadId: number): Promise<Buffer> {
    return withRetry(
      callPolicies.fetchTaskPayload,
      `Downloading task payload ${payloadId} from the driver at ${this.driverAddress}`,
      (deadline) => collectChunks(this.client.fetchTaskPayload({ payloadId }, this.metadata(), { deadline }), `task payload ${payloadId}`),
      { logger: this.logger },
    );
  }

  /** A broadcast's encoded value (ExecutorBroadcastCache keeps it). */
  fetchBroadcast(broadcastId: number): Promise<Buffer> {
    return withRetry(
      callPolicies.fetchBroadcast,
      `Downloading Broadcast(${broadcastId}) from the driver at ${this.driverAddress}`,
      (deadline) => collectChunks(this.client.fetchBroadcast({ broadcastId }, this.metadata(), { deadline }), `Broadcast(${broadcastId})`),
      { logger: this.logger },
    );
  }

  /**
   * The map statuses of a shuffle and the tracker's epoch. A lookup the driver
   * answers with FETCH_FAILED (outputs missing) becomes a FetchFailedError, so the
   * task reports a fetch failure and the DAG scheduler recomputes the map stage.
   */
  async getMapStatuses(shuffleId: number): Promise<{ statuses: MapStatus[]; epoch: number }> {
    try {
      const response = await withRetry(
        callPolicies.getMapStatuses,
        `Asking the driver at ${this.driverAddress} for the map outputs of shuffle ${shuffleId}`,
        (deadline) => unary<GetMapStatusesResponse__Output>((cb) => this.client.getMapStatuses({ shuffleId }, this.metadata(), { deadline }, cb)),
        { logger: this.logger },
      );
      return { statuses: response.statuses.map(mapStatusFromWire), epoch: response.epoch };
    } catch (error) {
      if (error instanceof KindlingError && error.code === ErrorCode.FetchFailed) {
        throw new FetchFailedError(error.message, shuffleId, -1, -1, { cause: error });
      }
      throw error;
    }
  }

  /** A streaming receiver's block or event; the answer is the driver's command. */
  reportReceiver(report: ReceiverReport): Promise<ReceiverCommand__Output> {
    return withRetry(callPolicies.reportReceiver, `Reporting receiver ${report.streamId} (${report.event}) to the driver at ${this.driverAddress}`, (deadline) =>
      unary<ReceiverCommand__Output>((cb) => this.client.reportReceiver(report, this.metadata(), { deadline }, cb)),
    );
  }

  /** Executors holding a cached block, with their addresses (Spark's BlockManagerMaster.getLocations). */
  async getBlockLocations(blockId: string): Promise<Array<{ executorId: string; address: string }>> {
    const response = await withRetry(
      callPolicies.getBlockLocations,
      `Asking the driver at ${this.driverAddress} where block ${blockId} is`,
      (deadline) => unary<GetBlockLocationsResponse__Output>((cb) => this.client.getBlockLocations({ blockId }, this.metadata(), { deadline }, cb)),
      { logger: this.logger },
    );
    return response.locations.map((l) => ({ executorId: l.executorId, address: l.address }));
  }

  close(): void {
    this.client.close();
  }
}
