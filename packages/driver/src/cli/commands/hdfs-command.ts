/**
 * `kindling hdfs --port 9870 --data-port 9864 --dir DIR [--user NAME] [--host ADDR] [--block-size BYTES] [--no-short-circuit]`:
 * runs the embedded WebHDFS-compatible server (packages/hdfs) in the foreground
 * until SIGINT or SIGTERM, so one machine has HDFS semantics without Hadoop.
 */
import { resolve } from 'node:path';
import { runHdfsServer } from '@kindling/hdfs';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { portNumber, positiveInteger } from '../flag-values.js';

interface HdfsFlags {
  readonly port: string;
  readonly dataPort: string;
  readonly dir: string;
  readonly user?: string;
  readonly host: string;
  readonly advertisedHost?: string;
  readonly blockSize?: string;
  /** commander's negated flag: false with --no-short-circuit. */
  readonly shortCircuit: boolean;
}

export function registerHdfsCommand(program: Command, _cli: CliContext): void {
  program
    .command('hdfs')
    .description('run the embedded WebHDFS server (namenode + datanode endpoints) over a local directory')
    .option('--port <port>', 'namenode HTTP port (Hadoop 3: 9870); 0 picks a free one', '9870')
    .option('--data-port <port>', 'datanode HTTP port (Hadoop 3: 9864); 0 picks a free one', '9864')
    .requiredOption('--dir <dir>', 'directory that holds the file system')
    .option('--user <name>', 'owner name reported for every file (default: the user running the server)')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option('--advertised-host <name>', 'host name put in datanode redirects (default: --host)')
    .option('--block-size <bytes>', 'block size reported for files (dfs.blocksize, default 134217728): textFile reads one partition per block')
    .option('--no-short-circuit', 'refuse short-circuit local reads (clients on this host then read over HTTP, as from Hadoop)')
    .action(async (flags: HdfsFlags) => {
      await runHdfsServer({
        port: portNumber('--port', flags.port),
        dataPort: portNumber('--data-port', flags.dataPort),
        dir: resolve(flags.dir),
        host: flags.host,
        shortCircuitReads: flags.shortCircuit,
        ...(flags.user === undefined ? {} : { user: flags.user }),
        ...(flags.advertisedHost === undefined ? {} : { advertisedHost: flags.advertisedHost }),
        ...(flags.blockSize === undefined ? {} : { blockSize: positiveInteger('--block-size', flags.blockSize) }),
      });
    });
}

