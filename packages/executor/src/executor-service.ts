/**
 * The executor's gRPC service (ExecutorService in proto/kindling.proto): the task
 * channel and task kills from the driver, shuffle and cached blocks for other executors, large
 * task results, block removal and shutdown. Every call must present the shared
 * secret's token and the id of the application this executor serves.
 */
import {
  ErrorCode,
  KindlingError,
  bidiStreamHandler,
  callAppId,
  grpc,
  toServiceError,
  readShuffleBlock,
  sendChunks,
  serverStreamHandler,
  sliceIntoChunks,
  unaryHandler,
  writeWithBackpressure,
  type CallGuard,
  type ExecutorServiceHandlers,
  type Logger,
  type RpcSecurity,
} from '@kindling/common';
import type { ExecutorApp } from './executor-app.js';

export interface ExecutorServiceHost {
  readonly security: RpcSecurity;
  readonly logger: Logger;
  /**
   * The application a call names, once any registration in flight has finished (the
   * driver may open the task channel before the executor has read the registration
   * answer). Fails with FAILED_PRECONDITION for any other application.
   */
  appFor(appId: string, method: string, peer: string): Promise<ExecutorApp>;
  /** The driver asked this executor to exit. */
  shutdown(reason: string): void;
}

/** Only callers that present the shared secret's token get past this. */
export function executorServiceGuard(host: ExecutorServiceHost): CallGuard {
  return (method, metadata, peer) => {
    if (host.security.isAuthorized(metadata)) return undefined;
    host.logger.warn({ method, peer }, `refused ${method} from ${peer}: wrong or missing kindling.authenticate.secret`);
    return { code: grpc.status.UNAUTHENTICATED, details: `${method} refused: wrong or missing shared secret (kindling.authenticate.secret)` };
  };
}

type CallLike = { readonly metadata: grpc.Metadata; getPeer(): string };

function appOf(host: ExecutorServiceHost, method: string, call: CallLike): Promise<ExecutorApp> {
  return host.appFor(callAppId(call.metadata), method, call.getPeer());
}

export function executorServiceHandlers(host: ExecutorServiceHost): ExecutorServiceHandlers {
  const guard = executorServiceGuard(host);
  return {
    LaunchTasks: bidiStreamHandler(guard, 'LaunchTasks', (call) => {
      appOf(host, 'LaunchTasks', call).then(
        (app) => app.attachChannel(call),
        (error: unknown) => call.emit('error', toServiceError(error)),
      );
    }),

    KillTask: unaryHandler(guard, 'KillTask', async (request, call) => {
      (await appOf(host, 'KillTask', call)).kill(request.taskId, request.reason);
      return {};
    }),

    FetchShuffleBlocks: serverStreamHandler(guard, 'FetchShuffleBlocks', async (request, call) => {
      const app = await appOf(host, 'FetchShuffleBlocks', call);
      for (let blockIndex = 0; blockIndex < request.blocks.length; blockIndex++) {
        const block = request.blocks[blockIndex]!;
        const bytes = await readShuffleBlock(app.info.workDir, block.shuffleId, block.mapId, block.reduceId);
        for (const slice of sliceIntoChunks(bytes)) {
          if (call.cancelled) return;
          await writeWithBackpressure(call, { blockIndex, data: slice.data, offset: slice.offset, blockSize: bytes.byteLength });
        }
      }
      call.end();
    }),

    FetchBlock: serverStreamHandler(guard, 'FetchBlock', async (request, call) => {
      const bytes = await (await appOf(host, 'FetchBlock', call)).getBlockBytes(request.blockId);
      if (bytes === undefined) throw new KindlingError(ErrorCode.NotFound, `Executor does not hold block ${request.blockId}`);
      await sendChunks(call, bytes);
    }),

    FetchTaskResult: serverStreamHandler(guard, 'FetchTaskResult', async (request, call) => {
      const result = (await appOf(host, 'FetchTaskResult', call)).takeResult(request.taskId);
      if (result === undefined) throw new KindlingError(ErrorCode.NotFound, `No stored result for task ${request.taskId}`);
      await sendChunks(call, result);
    }),

    RemoveRdd: unaryHandler(guard, 'RemoveRdd', async (request, call) => {
      await (await appOf(host, 'RemoveRdd', call)).removeRdd(request.rddId);
      return {};
    }),

    RemoveShuffle: unaryHandler(guard, 'RemoveShuffle', async (request, call) => {
      await (await appOf(host, 'RemoveShuffle', call)).removeShuffle(request.shuffleId);
      return {};
    }),

    RemoveBroadcast: unaryHandler(guard, 'RemoveBroadcast', async (request, call) => {
      await (await appOf(host, 'RemoveBroadcast', call)).removeBroadcast(request.broadcastId);
      return {};
    }),

    Shutdown: unaryHandler(guard, 'Shutdown', async (request, call) => {
      await appOf(host, 'Shutdown', call);
      // Answer first, then stop: the driver waits for the acknowledgement.
      setImmediate(() => host.shutdown(request.reason === '' ? 'the driver asked this executor to shut down' : request.reason));
      return {};
    }),
  };
}
