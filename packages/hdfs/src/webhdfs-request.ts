/**
 * Reading a WebHDFS request as Hadoop does: the path after `/webhdfs/v1` decoded per
 * segment and checked like DFSUtil.isValidName (no '.', '..', ':' or empty inner
 * component: 400 InvalidPathException), parameter names case-insensitive (Hadoop's
 * ParamFilter lower-cases them), `op` parsed against the operation enum of the HTTP
 * method, and each parameter value parsed with Hadoop's messages.
 */
import type { IncomingMessage } from 'node:http';
import { Hdfs, type HdfsException } from './hdfs-exception.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export const webHdfsPrefix = '/webhdfs/v1';

/** The operations of each method's enum in Hadoop 3 (GetOpParam, PutOpParam…); NULL is the default. */
const operations: Readonly<Record<HttpMethod, { readonly enumClass: string; readonly ops: ReadonlySet<string> }>> = {
  GET: {
    enumClass: 'GetOpParam',
    ops: new Set(['OPEN', 'GETFILESTATUS', 'LISTSTATUS', 'GETCONTENTSUMMARY', 'GETQUOTAUSAGE', 'GETFILECHECKSUM', 'GETHOMEDIRECTORY',
      'GETDELEGATIONTOKEN', 'GETTRASHROOT', 'GETXATTRS', 'GETACLSTATUS', 'LISTXATTRS', 'CHECKACCESS', 'LISTSTATUS_BATCH',
      'GETALLSTORAGEPOLICY', 'GETSTORAGEPOLICY', 'GETSNAPSHOTDIFF', 'GETSNAPSHOTTABLEDIRECTORYLIST', 'GETFILEBLOCKLOCATIONS',
      'GET_BLOCK_LOCATIONS', 'GETSERVERDEFAULTS', 'GETECPOLICY', 'GETSNAPSHOTLIST', 'GETSTATUS', 'NULL',
      // Kindling's short-circuit read (short-circuit.ts); refused as unknown when switched off.
      'GETBLOCKLOCALPATHINFO']),
  },
  PUT: {
    enumClass: 'PutOpParam',
    ops: new Set(['CREATE', 'MKDIRS', 'CREATESYMLINK', 'RENAME', 'SETREPLICATION', 'SETOWNER', 'SETPERMISSION', 'SETTIMES',
      'RENEWDELEGATIONTOKEN', 'CANCELDELEGATIONTOKEN', 'MODIFYACLENTRIES', 'REMOVEACLENTRIES', 'REMOVEDEFAULTACL', 'REMOVEACL',
      'SETACL', 'SETXATTR', 'REMOVEXATTR', 'ENABLEECPOLICY', 'DISABLEECPOLICY', 'SETECPOLICY', 'CREATESNAPSHOT', 'RENAMESNAPSHOT',
      'SETSTORAGEPOLICY', 'SATISFYSTORAGEPOLICY', 'ALLOWSNAPSHOT', 'DISALLOWSNAPSHOT', 'SETQUOTA', 'SETQUOTABYSTORAGETYPE', 'NULL']),
  },
  POST: { enumClass: 'PostOpParam', ops: new Set(['APPEND', 'CONCAT', 'TRUNCATE', 'UNSETSTORAGEPOLICY', 'UNSETECPOLICY', 'NULL']) },
  DELETE: { enumClass: 'DeleteOpParam', ops: new Set(['DELETE', 'DELETESNAPSHOT', 'NULL']) },
};

export interface WebHdfsRequest {
  readonly method: HttpMethod;
  /** Upper-case operation name. */
  readonly op: string;
  /** Decoded, validated absolute HDFS path ('/' for the root). */
  readonly path: string;
  readonly params: Params;
  /** `user.name`, or Hadoop's static web user when absent. */
  readonly user: string;
  /** The client's address, as HDFS names clients in messages. */
  readonly clientIp: string;
}

/**
 * Parses a request; undefined when the URL is not under /webhdfs/v1 (answered with a
 * plain 404). The datanode does not parse `op` as an enum (validateOp: false): it
 * answers "Invalid operation OP" itself.
 */
export function parseWebHdfsRequest(req: IncomingMessage, options: { readonly validateOp?: boolean } = {}): WebHdfsRequest | undefined {
  // The raw URL, not `new URL()`, which would resolve '..' away before it can be rejected.
  const { pathname, search } = splitUrl(req.url ?? '/');
  if (pathname !== webHdfsPrefix && !pathname.startsWith(`${webHdfsPrefix}/`)) return undefined;
  const method = (req.method ?? 'GET').toUpperCase();
  if (!(method in operations)) throw Hdfs.unsupported(`HTTP method ${method} is not supported`);
  const params = new Params(new URLSearchParams(search));
  const op = (params.string('op') ?? 'NULL').toUpperCase();
  const { enumClass, ops } = operations[method as HttpMethod];
  if (options.validateOp !== false && !ops.has(op)) throw unknownOp(enumClass, op);
  const path = decodeHdfsPath(pathname.slice(webHdfsPrefix.length));
  const ip = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return { method: method as HttpMethod, op, path, params, user: params.string('user.name') ?? 'dr.who', clientIp: ip };
}

/** Hadoop's answer to an operation its enum does not know. */
export function unknownOp(enumClass: string, op: string): HdfsException {
  return Hdfs.badParameter('op', `No enum constant org.apache.hadoop.hdfs.web.resources.${enumClass}.Op.${op}`);
}

/** Path and query of a request URL, as sent. */
export function splitUrl(url: string): { pathname: string; search: string } {
  const question = url.indexOf('?');
  return question < 0 ? { pathname: url, search: '' } : { pathname: url.slice(0, question), search: url.slice(question + 1) };
}

/** Decodes the URL path segment by segment and validates it as HDFS does (DFSUtil.isValidName). */
export function decodeHdfsPath(rawPath: string): string {
  const raw = rawPath === '' ? '/' : rawPath;
  const parts = raw.split('/');
  const decoded: string[] = [];
  for (const [i, part] of parts.entries()) {
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      throw Hdfs.invalidPath(raw);
    }
    if (name === '') {
      // A leading or trailing '/' is fine; "a//b" is not a valid HDFS name.
      if (i !== 0 && i !== parts.length - 1) throw Hdfs.invalidPath(safeDecode(raw));
      continue;
    }
    if (name === '.' || name === '..' || name.includes(':') || name.includes('/') || name.includes('\0')) {
      throw Hdfs.invalidPath(safeDecode(raw));
    }
    decoded.push(name);
  }
  return `/${decoded.join('/')}`;
}

/** Checks a path given as a parameter value (RENAME's destination, CONCAT's sources): absolute, valid. */
export function validateParamPath(value: string): string {
  let path = value;
  const uri = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*(\/.*)?$/.exec(value);
  if (uri !== null) path = uri[1] ?? '/';
  if (!path.startsWith('/')) throw Hdfs.invalidPath(value);
  return decodeHdfsPath(path.split('/').map(encodeURIComponent).join('/'));
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Query parameters with Hadoop's parsing rules and messages. */
export class Params {
  private readonly values = new Map<string, string>();

  constructor(search: URLSearchParams) {
    for (const [key, value] of search) this.values.set(key.toLowerCase(), value);
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === '' || value === 'null' ? undefined : value;
  }

  required(name: string, op: string): string {
    const value = this.string(name);
    if (value === undefined) throw Hdfs.illegalArgument(`Required param ${name} for op: ${op} is null or empty`);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.string(name);
    if (value === undefined) return fallback;
    if (value.toLowerCase() === 'true') return true;
    if (value.toLowerCase() === 'false') return false;
    throw Hdfs.badParameter(name, `Failed to parse "${value}" to Boolean.`);
  }

  /** A radix-10 long; `min` as Hadoop's range checks. */
  long(name: string, min?: number): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw Hdfs.badParameter(name, `Failed to parse "${value}" as a radix-10 long integer.`);
    }
    const n = Number(value);
    if (min !== undefined && n < min) throw Hdfs.badParameter(name, `Invalid parameter range: ${name} = ${n} < ${min}`);
    return n;
  }

  /** An octal permission ("644"), Hadoop's PermissionParam. */
  permission(fallback: number): number {
    const value = this.string('permission');
    if (value === undefined) return fallback;
    if (!/^[0-7]{1,4}$/.test(value)) throw Hdfs.badParameter('permission', `Failed to parse "${value}" as a radix-8 short integer.`);
    const mode = parseInt(value, 8);
    if (mode > 0o1777) throw Hdfs.badParameter('permission', `Invalid parameter range: permission = ${value} > 1777`);
    return mode;
  }

  /** The parameters to forward to the datanode in a redirect, as given. */
  pick(names: readonly string[]): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const name of names) {
      const value = this.string(name);
      if (value !== undefined) out.push([name, value]);
    }
    return out;
  }
}
