/**
 * The file system of a URI, by scheme: `file://` (and bare absolute paths) →
 * LocalFileSystem; `webhdfs://` and `hdfs://` → WebHdfsFileSystem on that namenode
 * HTTP address. Clients are cached per scheme, authority and user, as Hadoop's
 * FileSystem.get caches them, so every checkpoint writer of a process shares one.
 */
import type { KindlingConf } from '../conf/kindling-conf.js';
import { InvalidArgumentError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { FileSystem } from './file-system.js';
import { parseFsUri } from './fs-path.js';
import { LocalFileSystem, type LocalFileSystemOptions } from './local-file-system.js';
import type { WebHdfsOptions } from './webhdfs/webhdfs-options.js';
import { WebHdfsFileSystem, defaultWebHdfsPort } from './webhdfs/webhdfs-file-system.js';

export interface FileSystemOptions {
  readonly local?: LocalFileSystemOptions;
  readonly webhdfs?: WebHdfsOptions;
}

const cache = new Map<string, FileSystem>();

/** Hadoop's `dfs.client.read.shortcircuit`, under Kindling's prefix. */
export const SHORT_CIRCUIT_READS_KEY = 'kindling.hdfs.client.read.shortcircuit';

/**
 * Options of this process's configuration that every file system it creates from
 * now on gets unless the caller gives its own (the driver and each task thread
 * call `configureFileSystems` with the application's conf, as Hadoop's
 * FileSystem.get reads the job's Configuration).
 */
let processDefaults: FileSystemOptions = {};

/** Applies the application's configuration to file systems created after this call. */
export function configureFileSystems(conf: KindlingConf, logger?: Logger): void {
  processDefaults = {
    webhdfs: {
      shortCircuitReads: conf.getBoolean(SHORT_CIRCUIT_READS_KEY, true),
      ...(logger === undefined ? {} : { logger }),
    },
  };
}

/**
 * The shared file system for `uri`. The options of the first call for a scheme,
 * authority and user are the ones kept; use `newFileSystem` for a private client with
 * other options.
 */
export function getFileSystem(uri: string, options: FileSystemOptions = {}): FileSystem {
  const withDefaults: FileSystemOptions = {
    ...options,
    webhdfs: { ...processDefaults.webhdfs, ...options.webhdfs },
  };
  const key = cacheKey(uri, withDefaults);
  let fs = cache.get(key);
  if (fs === undefined) {
    fs = newFileSystem(uri, withDefaults);
    cache.set(key, fs);
  }
  return fs;
}

/** A new, uncached file system for `uri`. */
export function newFileSystem(uri: string, options: FileSystemOptions = {}): FileSystem {
  const { scheme, authority } = parseFsUri(uri);
  switch (scheme) {
    case '':
    case 'file':
      return new LocalFileSystem(options.local);
    case 'webhdfs':
    case 'hdfs':
      return new WebHdfsFileSystem(`${scheme}://${authority}`, options.webhdfs);
    default:
      throw new InvalidArgumentError(`No file system for ${uri}: the scheme "${scheme}" is not one of file, webhdfs, hdfs`, { path: uri });
  }
}

/** Closes and forgets every cached file system (tests, shutdown). */
export async function closeAllFileSystems(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map((fs) => fs.close()));
}

function cacheKey(uri: string, options: FileSystemOptions): string {
  const { scheme, authority } = parseFsUri(uri);
  if (scheme === '' || scheme === 'file') return 'file://';
  const hostPort = /:\d+$/.test(authority) ? authority : `${authority}:${defaultWebHdfsPort}`;
  // A conf that switches short-circuit reads gets its own client: the first one's choice must not stick.
  return `${scheme}://${hostPort}#${options.webhdfs?.user ?? ''}#${options.webhdfs?.shortCircuitReads === false ? 'http' : 'sc'}`;
}
