/**
 * `kindling hdfs --port 9870 --data-port 9864 --dir DIR [--user NAME] [--host ADDR]`:
 * starts the embedded server, logs where it listens, and runs until SIGINT/SIGTERM.
 */
import { createLogger, type Logger } from '@kindling/common';
import { startEmbeddedHdfs, type EmbeddedHdfs } from './embedded-hdfs.js';

export interface HdfsServerArgs {
  readonly port: number;
  readonly dataPort: number;
  readonly dir: string;
  readonly user?: string;
  readonly host?: string;
  readonly advertisedHost?: string;
  /** Block size reported for files (dfs.blocksize). */
  readonly blockSize?: number;
  /** Answer short-circuit reads of clients on this host (default true). */
  readonly shortCircuitReads?: boolean;
  readonly logger?: Logger;
  /** Called once the server listens (the CLI or a test learns the real ports). */
  readonly onListening?: (server: EmbeddedHdfs) => void;
}

/** Resolves after a SIGINT or SIGTERM has closed the server. */
export async function runHdfsServer(args: HdfsServerArgs): Promise<void> {
  const logger = args.logger ?? createLogger({ base: { component: 'hdfs' } });
  const server = await startEmbeddedHdfs({
    port: args.port,
    dataPort: args.dataPort,
    dir: args.dir,
    logger,
    ...(args.user === undefined ? {} : { user: args.user }),
    ...(args.host === undefined ? {} : { host: args.host }),
    ...(args.advertisedHost === undefined ? {} : { advertisedHost: args.advertisedHost }),
    ...(args.blockSize === undefined ? {} : { blockSize: args.blockSize }),
    ...(args.shortCircuitReads === undefined ? {} : { shortCircuitReads: args.shortCircuitReads }),
  });
  logger.info(`WebHDFS listening: ${server.uri} (datanode port ${server.dataPort}), files under ${server.dir}`);
  args.onListening?.(server);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info(`WebHDFS stopping on ${signal}`);
  await server.close();
}
