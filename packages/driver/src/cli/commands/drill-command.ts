/**
 * `kindling drill driver-kill [options] [job]` (issue 10): runs a streaming job under
 * --supervise, kills its driver with SIGKILL at random moments, and compares its
 * output and final state with a failure-free run over the same input. Prints a
 * report; exits 1 when anything was lost, duplicated or differs.
 */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatDrillReport, runDriverKillDrill } from '../../drill/driver-kill-drill.js';
import { formatUpgradeDrillReport, runUpgradeDrill, type UpgradeStop } from '../../drill/upgrade-drill.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../error-report.js';
import { UsageError } from '../usage-error.js';

const defaultJob = fileURLToPath(new URL('../../../../../examples/video-hits/video-hits.ts', import.meta.url));
const defaultV2 = fileURLToPath(new URL('../../../../../examples/video-hits/upgrade/v2/video-hits-v2.ts', import.meta.url));
const defaultIncompatible = fileURLToPath(new URL('../../../../../examples/video-hits/upgrade/v3/video-hits-v3.ts', import.meta.url));

interface UpgradeDrillFlags {
  stop: string;
  v2: string;
  incompatible: string;
  storage: string;
  master: string;
  batch: string;
  rate: string;
  records: string;
  upgradeAfter: string;
  stateCheckpoint: string;
  keep?: boolean;
}

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
  storageOutage?: string;
  storageOutageAt: string;
  conf: string[];
}

function positive(name: string, raw: string, integer = false, orZero = false): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !orZero) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a ${orZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}, got ${raw}`);
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
    .option('--storage-outage <s>', 'with --storage webhdfs: stop the WebHDFS server for this many seconds while the stream runs')
    .option('--storage-outage-at <s>', 'seconds after the first batch at which the storage outage starts', '2')
    .option('--conf <key=value>', 'a configuration property of both runs\' drivers (say kindling.driver.supervise.standby=false); repeatable', (pair: string, all: string[]) => [...all, pair], [] as string[])
    .option('--keep', 'keep the work directory (checkpoints, output, the drivers\' logs) for inspection')
    .action(async (job: string, flags: DrillFlags) => {
      const kills = positive('kills', flags.kills, true, true);
      const storageOutageS = flags.storageOutage === undefined ? undefined : positive('storage-outage', flags.storageOutage);
      const storageOutageAtS = positive('storage-outage-at', flags.storageOutageAt, false, true);
      if (storageOutageS !== undefined && flags.storage !== 'webhdfs') throw new UsageError('--storage-outage needs --storage webhdfs (the drill stops the embedded WebHDFS server)');
      const minIntervalS = positive('min-interval', flags.minInterval);
      const maxIntervalS = positive('max-interval', flags.maxInterval);
      if (maxIntervalS < minIntervalS) throw new UsageError('--max-interval must not be less than --min-interval');
      if (flags.storage !== 'file' && flags.storage !== 'webhdfs') throw new UsageError(`--storage must be file or webhdfs, got ${flags.storage}`);
      if (!/^local\[(\d+|\*)\]$/.test(flags.master)) throw new UsageError(`--master must be local[N] (the drill kills processes it starts), got ${flags.master}`);
      const batchS = positive('batch', flags.batch);
      const rate = positive('rate', flags.rate);
      // Enough input for the kills and their recoveries (about 3 s each) plus a margin.
      const records = flags.records === undefined ? Math.ceil(rate * (kills * ((minIntervalS + maxIntervalS) / 2 + 3) + (storageOutageS ?? 0) + 20)) : positive('records', flags.records, true);
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
        ...(storageOutageS === undefined ? {} : { storageOutageS, storageOutageAtS }),
        print: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(`${formatDrillReport(report)}\n`);
      process.exitCode = report.passed ? ExitCode.Success : ExitCode.JobFailed;
    });
  drill
    .command('upgrade')
    .description('stop (or kill) a streaming job, restart it on new code with --upgrade, and compare its output and state with a run of the old code; a state change with no migration must be refused')
    .argument('[job]', 'the old code: an entry file or bundle taking the video-hits flags (default: examples/video-hits)', defaultJob)
    .option('--v2 <job>', 'the new code (default: examples/video-hits/upgrade/v2, a bug fix and a new stateless branch)', defaultV2)
    .option('--incompatible <job>', 'new code whose state change must be refused (default: examples/video-hits/upgrade/v3)', defaultIncompatible)
    .option('--stop <how>', 'how the old code ends: clean, kill (driver SIGKILL) or both', 'both')
    .option('--storage <kind>', 'file or webhdfs (an embedded WebHDFS server)', 'file')
    .option('--master <url>', 'local[N] master of the job', 'local[2]')
    .option('--batch <s>', 'batch interval, seconds', '1')
    .option('--rate <n>', 'rate source records per second', '400')
    .option('--records <n>', 'records before the input ends (keep under 10,000: one simulated hour)', '4000')
    .option('--upgrade-after <s>', 'seconds the old code runs before it is stopped', '4')
    .option('--state-checkpoint <s>', 'seconds between state checkpoints, so the upgrade finds checkpointed state', '2')
    .option('--keep', 'keep the work directory (checkpoints and output) for inspection')
    .action(async (job: string, flags: UpgradeDrillFlags) => {
      const stops: UpgradeStop[] = flags.stop === 'both' ? ['clean', 'kill'] : flags.stop === 'clean' || flags.stop === 'kill' ? [flags.stop] : [];
      if (stops.length === 0) throw new UsageError(`--stop must be clean, kill or both, got ${flags.stop}`);
      if (flags.storage !== 'file' && flags.storage !== 'webhdfs') throw new UsageError(`--storage must be file or webhdfs, got ${flags.storage}`);
      if (!/^local\[(\d+|\*)\]$/.test(flags.master)) throw new UsageError(`--master must be local[N] (the drill kills processes it starts), got ${flags.master}`);
      const report = await runUpgradeDrill({
        stops,
        storage: flags.storage,
        master: flags.master,
        batchS: positive('batch', flags.batch),
        rate: positive('rate', flags.rate),
        records: positive('records', flags.records, true),
        upgradeAfterS: positive('upgrade-after', flags.upgradeAfter),
        stateCheckpointS: positive('state-checkpoint', flags.stateCheckpoint),
        v1: job,
        v2: flags.v2,
        incompatible: flags.incompatible,
        keep: flags.keep === true,
        print: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(`${formatUpgradeDrillReport(report)}\n`);
      process.exitCode = report.passed ? ExitCode.Success : ExitCode.JobFailed;
    });
}
