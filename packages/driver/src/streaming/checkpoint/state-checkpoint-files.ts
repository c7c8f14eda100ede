/**
 * Where a stateful operator's incremental state checkpoints live (DESIGN.md, "State
 * checkpoints"):
 *
 *   <checkpointDir>/state/<uid>/state-<batchTime>-full/    part-00000…, _partitioner, _chain, _metadata
 *   <checkpointDir>/state/<uid>/state-<batchTime>-delta/   the same, each part a delta
 *
 * Each directory is a reliable RDD checkpoint directory (its `_metadata`, written
 * last, marks it complete) plus `_chain`, written first: the names of the directories
 * the state is rebuilt from, oldest first — the last full one, the deltas after it,
 * and this one. A full snapshot of a mapWithState written in slices holds one RDD
 * checkpoint directory per slice (`slice-0`…) and is complete once `_slices`, written
 * last, says how many. A metadata checkpoint names only the newest complete directory
 * of each operator; `_chain` says the rest.
 */
import { CheckpointError, getFileSystem, Path, readCheckpointDirectory, type Logger, type StateSnapshotDir } from '@kindling/common';

export const CHAIN_FILE = '_chain';
export const SLICES_FILE = '_slices';
const CHAIN_FORMAT = 'kindling-state-chain';

export type StateCheckpointMode = 'full' | 'delta';

/** `<checkpointDir>/state/<uid>`, the uid made safe for a path segment (a URL as much as a file name). */
export function stateCheckpointRoot(checkpointDir: string, uid: string): string {
  return Path.join(Path.join(checkpointDir, 'state'), uid.replace(/[^A-Za-z0-9._-]/g, '_'));
}

export function stateCheckpointDirName(batchTime: number, mode: StateCheckpointMode): string {
  return `state-${batchTime}-${mode}`;
}

/** The batch time and mode a directory name says, or undefined for anything else. */
export function parseStateCheckpointDirName(name: string): { batchTime: number; mode: StateCheckpointMode } | undefined {
  const match = /^state-(\d+)-(full|delta)$/.exec(name);
  return match === null ? undefined : { batchTime: Number(match[1]), mode: match[2] as StateCheckpointMode };
}

/** Writes `_chain` into `dir` (created), before any part: the names, oldest first, ending with the directory's own. */
export async function writeChainFile(dir: string, names: readonly string[]): Promise<void> {
  const fs = getFileSystem(dir);
  await fs.mkdirs(dir);
  await fs.writeFile(Path.join(dir, CHAIN_FILE), Buffer.from(JSON.stringify({ format: CHAIN_FORMAT, version: 1, chain: names })), { overwrite: true });
}

/** The names `_chain` of `dir` lists; a CheckpointError naming the file when it is missing or damaged. */
export async function readChainFile(dir: string): Promise<string[]> {
  const path = Path.join(dir, CHAIN_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse((await getFileSystem(dir).readFile(path)).toString('utf8'));
  } catch (error) {
    throw new CheckpointError(`Cannot read the state checkpoint chain ${path}: ${error instanceof Error ? error.message : String(error)}`, { path, cause: error });
  }
  const chain = (parsed as { format?: unknown; chain?: unknown }).chain;
  if ((parsed as { format?: unknown }).format !== CHAIN_FORMAT || !Array.isArray(chain) || chain.length === 0 || chain.some((n) => parseStateCheckpointDirName(String(n)) === undefined)) {
    throw new CheckpointError(`The state checkpoint chain ${path} is not a list of state-<time>-<full|delta> directories`, { path });
  }
  return chain as string[];
}

/** A complete chain read back: each directory checked complete and intact, with the partitioner of the newest. */
export interface StateChain {
  readonly dirs: StateSnapshotDir[];
  readonly names: string[];
  readonly partitioner: unknown;
}

/** Marks a sliced full snapshot complete: written after every slice's `_metadata`. */
export async function writeSlicesFile(dir: string, slices: number): Promise<void> {
  await getFileSystem(dir).writeFile(Path.join(dir, SLICES_FILE), Buffer.from(JSON.stringify({ format: 'kindling-state-slices', version: 1, slices })), { overwrite: true });
}

/** The slice directories of a sliced snapshot, or the directory itself (undefined: not sliced). */
async function sliceDirs(dir: string): Promise<string[]> {
  const fs = getFileSystem(dir);
  const path = Path.join(dir, SLICES_FILE);
  if (!(await fs.exists(path))) return [dir];
  const slices = (JSON.parse((await fs.readFile(path)).toString('utf8')) as { slices?: unknown }).slices;
  if (typeof slices !== 'number' || !Number.isInteger(slices) || slices < 1) throw new CheckpointError(`${path} does not give a number of slices`, { path });
  return Array.from({ length: slices }, (_, i) => Path.join(dir, `slice-${i}`));
}

export async function readStateChain(dir: string, logger: Logger): Promise<StateChain> {
  const root = Path.parent(dir) ?? dir;
  const names = await readChainFile(dir);
  const dirs: StateSnapshotDir[] = [];
  let partitioner: unknown;
  for (const name of names) {
    for (const slice of await sliceDirs(Path.join(root, name))) {
      const contents = await readCheckpointDirectory(slice, logger);
      dirs.push({ path: contents.rddDir, files: { numPartitions: contents.metadata.numPartitions, partSizes: contents.metadata.partSizes } });
      partitioner = contents.partitioner ?? partitioner;
    }
  }
  if (parseStateCheckpointDirName(names[0]!)?.mode !== 'full') {
    throw new CheckpointError(`The state checkpoint chain of ${dir} does not start with a full snapshot (${names[0]!})`, { path: dir });
  }
  return { dirs, names, partitioner };
}
