/**
 * `kindling checkpoint inspect`: the newest valid metadata checkpoint of a
 * directory, made readable — application, bundle, graph with uids and intervals,
 * pending batches, state checkpoint directories and their sizes, source positions,
 * and the files that could not be read, with why.
 */
import { fromCheckpointValue, getFileSystem, KindlingError, Path, silentLogger, type StreamingCheckpoint__Output } from '@kindling/common';
import { readCheckpoint } from './checkpoint-reader.js';
import { readChainFile, parseStateCheckpointDirName, stateCheckpointRoot, type StateCheckpointMode } from './state-checkpoint-files.js';

/** One state checkpoint directory of a stateful operator (`<dir>/state/<uid>/state-<time>-<mode>`). */
export interface InspectedStateDirectory {
  readonly name: string;
  readonly batchTime: number;
  readonly mode: StateCheckpointMode;
  readonly bytes: number | undefined;
  /** Its `_metadata` is written: the write completed. */
  readonly complete: boolean;
  /** In the chain the metadata checkpoint's state is rebuilt from. */
  readonly inChain: boolean;
}

export interface InspectedStream {
  readonly uid: string;
  readonly explicitUid: boolean;
  readonly kind: string;
  readonly scope: string;
  readonly parents: string[];
  readonly slideMs: number;
  readonly checkpointIntervalMs: number | undefined;
  readonly rememberMs: number;
  readonly storageLevel: string;
  readonly params: unknown;
  readonly checkpoints: Array<{ time: number; path: string; bytes: number | undefined; files: number | undefined; error?: string; chain?: string[] }>;
  /** Stateful operators: every state checkpoint directory present, oldest first. */
  readonly stateDirectories?: InspectedStateDirectory[];
  readonly sourcePosition: unknown;
  /** The version of the state in its checkpoint files; 0 for a stream without state. */
  readonly stateVersion: number;
}

export interface CheckpointInspection {
  readonly directory: string;
  readonly file: string | undefined;
  readonly fileBytes: number;
  readonly app: { name: string; id: string; master: string } | undefined;
  readonly bundle: { name: string; version: string; sha256: string } | undefined;
  readonly kindlingVersion: string | undefined;
  readonly checkpointTime: number | undefined;
  readonly writtenAt: number | undefined;
  readonly batchDurationMs: number | undefined;
  readonly zeroTime: number | undefined;
  readonly pendingTimes: number[];
  readonly lastGeneratedTime: number | undefined;
  readonly streams: InspectedStream[];
  readonly outputs: string[];
  readonly confCount: number;
  readonly unreadable: Array<{ file: string; reason: string }>;
  /** Broadcasts a restart re-registers, and named accumulators' values as of the newest completed batch. */
  readonly broadcasts: Array<{ id: number; path: string; size: number; name: string }>;
  readonly accumulators: Array<{ id: number; name: string; kind: string; value: unknown }>;
}

export async function inspectCheckpoint(directory: string): Promise<CheckpointInspection> {
  const read = await readCheckpoint(directory, silentLogger());
  const cp = read.checkpoint;
  return {
    directory,
    file: read.file,
    fileBytes: read.size,
    app: cp === undefined ? undefined : { name: cp.appName, id: cp.appId, master: cp.master },
    bundle: cp?.bundle ?? undefined,
    kindlingVersion: cp?.kindlingVersion,
    checkpointTime: cp?.checkpointTime,
    writtenAt: cp?.writtenAt,
    batchDurationMs: cp?.graph?.batchDurationMs,
    zeroTime: cp?.graph?.zeroTime,
    pendingTimes: cp?.pendingTimes ?? [],
    lastGeneratedTime: cp?.lastGeneratedTime,
    streams: cp === undefined ? [] : await inspectStreams(cp),
    outputs: cp === undefined ? [] : outputUids(cp),
    confCount: cp?.conf.length ?? 0,
    unreadable: [...read.unreadable],
    broadcasts: (cp?.broadcasts ?? []).map((b) => ({ id: b.id, path: b.path, size: b.size, name: b.name })),
    accumulators: (cp?.accumulators ?? []).map((a) => ({ id: a.id, name: a.name, kind: a.kind, value: a.kind === 'collection' ? fromCheckpointValue(a.values ?? { undefinedValue: true }) : a.sum })),
  };
}

function outputUids(cp: StreamingCheckpoint__Output): string[] {
  const uids = new Map((cp.graph?.streams ?? []).map((s) => [s.id, s.uid]));
  return (cp.graph?.outputStreamIds ?? []).map((id) => uids.get(id) ?? String(id));
}

async function inspectStreams(cp: StreamingCheckpoint__Output): Promise<InspectedStream[]> {
  const streams = cp.graph?.streams ?? [];
  const uids = new Map(streams.map((s) => [s.id, s.uid]));
  const result: InspectedStream[] = [];
  for (const s of streams) {
    const checkpoints: InspectedStream['checkpoints'] = [];
    const chainNames = new Set<string>();
    for (const { time, path } of s.checkpointData) {
      try {
        const summary = await getFileSystem(path).contentSummary(path);
        const chain = parseStateCheckpointDirName(Path.name(path)) === undefined ? undefined : await readChainFile(path);
        for (const name of chain ?? []) chainNames.add(name);
        checkpoints.push({ time, path, bytes: summary.length, files: summary.fileCount, ...(chain === undefined ? {} : { chain }) });
      } catch (error) {
        checkpoints.push({ time, path, bytes: undefined, files: undefined, error: KindlingError.from(error).message });
      }
    }
    const stateDirectories = cp.checkpointDir === '' ? [] : await listStateDirectories(stateCheckpointRoot(cp.checkpointDir, s.uid), chainNames);
    result.push({
      uid: s.uid,
      explicitUid: s.explicitUid,
      kind: s.kind,
      scope: s.scope,
      parents: s.parentIds.map((id) => uids.get(id) ?? String(id)),
      slideMs: s.slideDurationMs,
      checkpointIntervalMs: s.checkpointDurationMs > 0 ? s.checkpointDurationMs : undefined,
      rememberMs: s.rememberDurationMs,
      storageLevel: s.storageLevel,
      params: fromCheckpointValue(s.params),
      checkpoints,
      ...(stateDirectories.length === 0 ? {} : { stateDirectories }),
      sourcePosition: fromCheckpointValue(s.sourcePosition),
      stateVersion: s.stateVersion,
    });
  }
  return result;
}

async function listStateDirectories(root: string, chain: ReadonlySet<string>): Promise<InspectedStateDirectory[]> {
  const fs = getFileSystem(root);
  let entries;
  try {
    if (!(await fs.exists(root))) return [];
    entries = await fs.list(root);
  } catch {
    return [];
  }
  const dirs: InspectedStateDirectory[] = [];
  for (const entry of entries) {
    const name = Path.name(entry.path);
    const parsed = parseStateCheckpointDirName(name);
    if (parsed === undefined) continue;
    let bytes: number | undefined;
    let complete = false;
    try {
      bytes = (await fs.contentSummary(entry.path)).length;
      complete = (await fs.exists(Path.join(entry.path, '_metadata'))) || (await fs.exists(Path.join(entry.path, '_slices')));
    } catch {
      // Deleted while listed, or unreachable: shown without a size.
    }
    dirs.push({ name, batchTime: parsed.batchTime, mode: parsed.mode, bytes, complete, inChain: chain.has(name) });
  }
  return dirs.sort((a, b) => a.batchTime - b.batchTime);
}

const iso = (ms: number | undefined): string => (ms === undefined || ms === 0 ? '-' : new Date(ms).toISOString());
const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : `${ms / 1000}s`);

/** A function reference in one short phrase: `export parse`, `source (x) => x + 1`, `builtin dstream.print`. */
function describeRef(value: unknown): string | undefined {
  const ref = value as { kind?: unknown; path?: unknown; source?: unknown; factory?: unknown; name?: unknown } | null;
  if (ref === null || typeof ref !== 'object') return undefined;
  const oneLine = (text: unknown, max = 60): string => {
    const s = String(text).replace(/\s+/g, ' ');
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  };
  switch (ref.kind) {
    case 'export':
      return `export ${(ref.path as string[]).join('.')}`;
    case 'source':
      return `source ${oneLine(ref.source)}`;
    case 'captured':
      return `captured ${oneLine(ref.factory)}`;
    case 'builtin':
      return `builtin ${String(ref.name)}`;
    default:
      return undefined;
  }
}

/** The operator's parameters in one line: function refs summarised, long data elided. */
function describeParams(params: unknown): string {
  if (params === undefined || params === null || typeof params !== 'object') return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (value === undefined) continue;
    const ref = describeRef(value);
    if (ref !== undefined) parts.push(`${key}: ${ref}`);
    else if (Array.isArray(value)) parts.push(`${key}: [${value.map((v) => describeRef(v) ?? (typeof v === 'object' && v !== null ? '…' : String(v))).join(', ')}]`);
    else if (typeof value === 'object' && value !== null) parts.push(`${key}: {…}`);
    else parts.push(`${key}: ${String(value)}`);
  }
  const text = parts.join('; ');
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export function formatInspection(i: CheckpointInspection): string {
  const lines: string[] = [];
  if (i.file === undefined) {
    lines.push(i.unreadable.length === 0 ? `No metadata checkpoint in ${i.directory}` : `No readable metadata checkpoint in ${i.directory}`);
  } else {
    lines.push(`Metadata checkpoint ${i.file} (${i.fileBytes} bytes)`);
    lines.push(`  application   ${i.app?.name} (${i.app?.id}) on ${i.app?.master}`);
    lines.push(`  bundle        ${i.bundle?.name || '-'} ${i.bundle?.version || ''} sha256 ${i.bundle?.sha256 || '-'}`);
    lines.push(`  batch time    ${i.checkpointTime} ms (${iso(i.checkpointTime)}), written ${iso(i.writtenAt)} by Kindling ${i.kindlingVersion}`);
    lines.push(`  batch         ${seconds(i.batchDurationMs)}, zero time ${i.zeroTime} ms, newest generated ${i.lastGeneratedTime} ms`);
    lines.push(`  pending       ${i.pendingTimes.length === 0 ? 'none' : i.pendingTimes.map((t) => `${t} ms`).join(', ')}`);
    lines.push(`  configuration ${i.confCount} pairs`);
    lines.push(`  outputs       ${i.outputs.join(', ')}`);
    for (const b of i.broadcasts) lines.push(`  broadcast     Broadcast(${b.id})${b.name === '' ? '' : ` '${b.name}'`}: ${b.path} (${b.size} bytes)`);
    for (const a of i.accumulators) lines.push(`  accumulator   ${a.name} (${a.kind}, id ${a.id}) = ${JSON.stringify(a.value).slice(0, 200)}`);
    lines.push('  graph (parents before children):');
    for (const s of i.streams) {
      const interval = s.checkpointIntervalMs === undefined ? '' : `, checkpoint every ${seconds(s.checkpointIntervalMs)}`;
      const from = s.parents.length === 0 ? '' : ` <- ${s.parents.join(', ')}`;
      lines.push(`    ${s.uid}${s.explicitUid ? '' : ' (derived uid)'}: ${s.kind} ${s.scope}${from}`);
      const state = s.stateVersion > 0 ? `, state version ${s.stateVersion}` : '';
      lines.push(`      slide ${seconds(s.slideMs)}, remember ${seconds(s.rememberMs)}${interval}, storage ${s.storageLevel}${state}`);
      const params = describeParams(s.params);
      if (params !== '') lines.push(`      ${params}`);
      for (const c of s.checkpoints) {
        lines.push(`      checkpoint ${c.time} ms: ${c.path} ${c.error === undefined ? `(${c.bytes} bytes in ${c.files} files)` : `(unreadable: ${c.error})`}`);
        if (c.chain !== undefined) lines.push(`        state rebuilt from ${c.chain.join(' + ')}`);
      }
      for (const d of s.stateDirectories ?? []) {
        const status = d.complete ? (d.inChain ? 'in the chain' : 'complete') : 'incomplete (no _metadata: a write that did not finish)';
        lines.push(`      state checkpoint ${d.name}: ${d.mode}, ${d.bytes ?? '?'} bytes, ${status}`);
      }
      if (s.sourcePosition !== undefined) lines.push(`      source position ${JSON.stringify(s.sourcePosition).slice(0, 200)}`);
    }
  }
  if (i.unreadable.length > 0) {
    lines.push('Unreadable checkpoint files (newest first):');
    for (const u of i.unreadable) lines.push(`  ${u.file}: ${u.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
