/**
 * File system paths as URIs: `scheme://authority/path`. The path part is raw text
 * (as in Hadoop's Path), never percent-decoded: a file named `a%20b` or `x#y` is
 * written as is, and only the WebHDFS client encodes it for the wire. This keeps one
 * spelling per file across backends.
 */
import { posix } from 'node:path';
import { InvalidArgumentError } from '../errors/index.js';

export interface FsUri {
  /** Lower-case scheme, '' for a bare path. */
  readonly scheme: string;
  /** host:port for WebHDFS, '' for file:// and bare paths. */
  readonly authority: string;
  /** Absolute, normalised path: no '.', '..', repeated or trailing slashes ('/' for the root). */
  readonly path: string;
}

const schemePattern = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s;

/** Splits a URI or an absolute path; rejects relative paths, which name no file on a shared file system. */
export function parseFsUri(uri: string): FsUri {
  const match = schemePattern.exec(uri);
  if (match === null) {
    if (!uri.startsWith('/')) {
      throw new InvalidArgumentError(`Path "${uri}" is relative: give an absolute path or a URI such as file:///dir or webhdfs://host:9870/dir`);
    }
    return { scheme: '', authority: '', path: normalizePath(uri) };
  }
  const scheme = (match[1] ?? '').toLowerCase();
  const rest = match[2] ?? '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    const path = slash < 0 ? '/' : rest.slice(slash);
    return { scheme, authority, path: normalizePath(path) };
  }
  if (!rest.startsWith('/')) {
    throw new InvalidArgumentError(`URI "${uri}" has no absolute path: write ${scheme}:///path or ${scheme}://host:port/path`);
  }
  return { scheme, authority: '', path: normalizePath(rest) };
}

export function formatFsUri(uri: FsUri): string {
  if (uri.scheme === '') return uri.path;
  return `${uri.scheme}://${uri.authority}${uri.path}`;
}

/** Absolute, without '.', '..' (never above the root), repeated or trailing slashes. */
export function normalizePath(path: string): string {
  const normal = posix.normalize(path.startsWith('/') ? path : `/${path}`);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** Path helpers on URIs; each keeps the scheme and authority of its argument. */
export const Path = {
  /** `join('webhdfs://nn:9870/ckpt', 'rdd-1', 'part-00000')` → `webhdfs://nn:9870/ckpt/rdd-1/part-00000`. */
  join(base: string, ...parts: string[]): string {
    const uri = parseFsUri(base);
    return formatFsUri({ ...uri, path: normalizePath(posix.join(uri.path, ...parts)) });
  },
  /** The parent directory, or undefined for the root. */
  parent(path: string): string | undefined {
    const uri = parseFsUri(path);
    if (uri.path === '/') return undefined;
    return formatFsUri({ ...uri, path: posix.dirname(uri.path) });
  },
  /** The last component ('' for the root). */
  name(path: string): string {
    return posix.basename(parseFsUri(path).path);
  },
  /** The same path with normalised spelling (lower-case scheme, no redundant slashes). */
  normalize(path: string): string {
    return formatFsUri(parseFsUri(path));
  },
};
