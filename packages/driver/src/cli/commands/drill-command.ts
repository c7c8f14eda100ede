/**
 * `kindling drill driver-kill [options] [job]` (issue 10): runs a streaming job under
 * --supervise, kills its driver with SIGKILL at random moments, and compares its
 * output and final state with a failure-free run over the same input. Prints a
 * report; exits 1 when anything was lost, duplicated or differs.
 */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatDrillReport, runDriverKillDrill } from '../../drill/driver-kill-drill.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../error-report.js';
import { UsageError } from '../usage-error.js';

const defaultJob = fileURLToPath(new URL('../../../../../examples/video-hits/video-hits.ts', import.meta.url));

interface DrillFlags {
  kills: string;
  minInterval: string;
  maxInterval: string;
  seed: string;
  killExecutors?: boolean;
  storage: string;
  master: string;
  batch: string;
  rate: string;
  records?: string;
  keep?: boolean;
  conf: string[];
}

function positive(name: string, raw: string, integer = false): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${raw}`);
  }
  return value;
}

export function registerDrillCommand(program: Command, _cli: CliContext): void {
  const drill = program.command('drill').description('fault-injection drills that prove recovery');
  drill
    .command('driver-kill')
    .description('kill a supervised streaming driver at random moments and compare its output and state with a failure-free run')
    .argument('[job]', 'an entry file or bundle taking the video-hits flags (default: examples/video-hits)', defaultJob)
    .option('--kills <n>', 'driver kills', '10')
    .option('--min-interval <s>', 'shortest time between kills, seconds', '3')
    .option('--max-interval <s>', 'longest time between kills, seconds', '8')
    .option('--seed <n>', 'seed of the kill times', '42')
    .option('--kill-executors', 'also kill an executor between driver kills')
    .option('--storage <kind>', 'file or webhdfs (an embedded WebHDFS server)', 'file')
    .option('--master <url>', 'local[N] master of the job', 'local[2]')
    .option('--batch <s>', 'batch interval, seconds', '1')
    .option('--rate <n>', 'rate source records per second', '500')
    .option('--records <n>', 'records before the input ends (default: enough for the kills)')
    .option('--keep', 'keep the work directory (checkpoints and output) for inspection')
    .option('--conf <key=value>', 'configuration for the job, repeatable (e.g. kindling.streaming.state.fullSnapshotInterval=1)', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (job: string, flags: DrillFlags) => {
      const kills = positive('kills', flags.kills, true);
      const minIntervalS = positive('min-interval', flags.minInterval);
      const maxIntervalS = positive('max-interval', flags.maxInterval);
      if (maxIntervalS < minIntervalS) throw new UsageError('--max-interval must not be less than --min-interval');
      if (flags.storage !== 'file' && flags.storage !== 'webhdfs') throw new UsageError(`--storage must be file or webhdfs, got ${flags.storage}`);
      if (!/^local\[(\d+|\*)\]$/.test(flags.master)) throw new UsageError(`--master must be local[N] (the drill kills processes it starts), got ${flags.master}`);
      const batchS = positive('batch', flags.batch);
      const rate = positive('rate', flags.rate);
      // Enough input for the kills and their recoveries (about 3 s each) plus a margin.
      const records = flags.records === undefined ? Math.ceil(rate * (kills * ((minIntervalS + maxIntervalS) / 2 + 3) + 20)) : positive('records', flags.records, true);
      const report = await runDriverKillDrill({
        kills,
        minIntervalS,
        maxIntervalS,
        seed: positive('seed', flags.seed, true),
        killExecutors: flags.killExecutors === true,
        storage: flags.storage,
        master: flags.master,
        batchS,
        rate,
        records,
        job,
        keep: flags.keep === true,
        conf: flags.conf.map((pair) => {
          if (!/^[^=\s]+=/.test(pair)) throw new UsageError(`--conf expects key=value, got ${pair}`);
          return pair;
        }),
        print: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(`${formatDrillReport(report)}\n`);
      process.exitCode = report.passed ? ExitCode.Success : ExitCode.JobFailed;
    });
}
