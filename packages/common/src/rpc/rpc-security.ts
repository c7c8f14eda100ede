/**
 * Who may call whom (issue 3 §5). Like spark.authenticate: driver and executors
 * share a secret (`kindling.authenticate.secret`, or the environment variable
 * KINDLING_AUTHENTICATE_SECRET so it stays off command lines). Every call carries a
 * token derived from it in the `kindling-auth` metadata; servers compare it in
 * constant time. The secret itself never travels. Without TLS the token can be
 * read on the wire and replayed, as Spark's RPC without encryption; enable TLS
 * (kindling.ssl.*) on untrusted networks. proto/README.md documents both.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ChannelCredentials, Metadata, ServerCredentials } from '@grpc/grpc-js';
import type { KindlingConf } from '../conf/index.js';
import { InvalidArgumentError, KindlingError } from '../errors/index.js';

export const authMetadataKey = 'kindling-auth';
export const appIdMetadataKey = 'kindling-app-id';
export const secretEnvVar = 'KINDLING_AUTHENTICATE_SECRET';

export const SecurityConf = {
  authenticate: 'kindling.authenticate',
  secret: 'kindling.authenticate.secret',
  sslEnabled: 'kindling.ssl.enabled',
  sslKeyFile: 'kindling.ssl.keyFile',
  sslCertFile: 'kindling.ssl.certFile',
  sslTrustFile: 'kindling.ssl.trustFile',
  sslClientAuth: 'kindling.ssl.clientAuth',
  sslServerNameOverride: 'kindling.ssl.serverNameOverride',
} as const;

/** Configuration keys that must never be sent to another process. */
export const privateConfKeys: ReadonlySet<string> = new Set([SecurityConf.secret]);

interface TlsMaterial {
  readonly key: Buffer | undefined;
  readonly cert: Buffer | undefined;
  readonly trust: Buffer | undefined;
  readonly clientAuth: boolean;
  readonly serverNameOverride: string | undefined;
}

export class RpcSecurity {
  /** Sent with every call; undefined when authentication is off. */
  readonly authToken: string | undefined;
  private readonly tls: TlsMaterial | undefined;

  private constructor(authToken: string | undefined, tls: TlsMaterial | undefined) {
    this.authToken = authToken;
    this.tls = tls;
  }

  /** No authentication, no TLS: for tests of the transport itself. */
  static insecure(): RpcSecurity {
    return new RpcSecurity(undefined, undefined);
  }

  /**
   * Reads kindling.authenticate[.secret] and kindling.ssl.* (files are read now, so a
   * missing key file fails at start with one line, not at the first call). A secret
   * alone turns authentication on; kindling.authenticate=true without one is an error.
   */
  static fromConf(conf: KindlingConf, env: NodeJS.ProcessEnv = process.env): RpcSecurity {
    const secret = conf.get(SecurityConf.secret) ?? nonEmpty(env[secretEnvVar]);
    const authenticate = conf.getBoolean(SecurityConf.authenticate, secret !== undefined);
    if (authenticate && secret === undefined) {
      throw new InvalidArgumentError(
        `${SecurityConf.authenticate}=true needs a shared secret: set ${SecurityConf.secret} or the ${secretEnvVar} environment variable`,
      );
    }
    const tls = conf.getBoolean(SecurityConf.sslEnabled, false) ? readTlsMaterial(conf) : undefined;
    return new RpcSecurity(authenticate && secret !== undefined ? deriveAuthToken(secret) : undefined, tls);
  }

  get authenticationEnabled(): boolean {
    return this.authToken !== undefined;
  }

  get tlsEnabled(): boolean {
    return this.tls !== undefined;
  }

  serverCredentials(): ServerCredentials {
    if (this.tls === undefined) return ServerCredentials.createInsecure();
    if (this.tls.key === undefined || this.tls.cert === undefined) {
      throw new InvalidArgumentError(
        `TLS is enabled but ${SecurityConf.sslKeyFile} / ${SecurityConf.sslCertFile} are not set; every process that listens needs them`,
      );
    }
    return ServerCredentials.createSsl(
      this.tls.clientAuth ? (this.tls.trust ?? null) : null,
      [{ private_key: this.tls.key, cert_chain: this.tls.cert }],
      this.tls.clientAuth,
    );
  }

  channelCredentials(): ChannelCredentials {
    if (this.tls === undefined) return ChannelCredentials.createInsecure();
    const { key, cert } = this.tls.clientAuth ? this.tls : { key: undefined, cert: undefined };
    return ChannelCredentials.createSsl(this.tls.trust ?? null, key ?? null, cert ?? null);
  }

  /** Extra channel options TLS needs (a server name to verify other than the dialled host). */
  channelOptions(): Record<string, string> {
    const override = this.tls?.serverNameOverride;
    return override === undefined ? {} : { 'grpc.ssl_target_name_override': override, 'grpc.default_authority': override };
  }

  /** Metadata for an outgoing call: the auth token and, once known, the application id. */
  callMetadata(appId?: string): Metadata {
    const metadata = new Metadata();
    if (this.authToken !== undefined) metadata.set(authMetadataKey, this.authToken);
    if (appId !== undefined && appId !== '') metadata.set(appIdMetadataKey, appId);
    return metadata;
  }

  /** True when the incoming call presents the right token (or authentication is off). */
  isAuthorized(metadata: Metadata): boolean {
    if (this.authToken === undefined) return true;
    const presented = metadata.get(authMetadataKey)[0];
    return typeof presented === 'string' && constantTimeEquals(presented, this.authToken);
  }
}

/** The value the secret stands in for on the wire (HMAC, so the secret is not recoverable from it). */
export function deriveAuthToken(secret: string): string {
  return createHmac('sha256', secret).update('kindling-rpc-auth-v1').digest('base64url');
}

/** Compares without leaking where the strings differ; hashing first makes the lengths equal. */
export function constantTimeEquals(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a).digest();
  const digestB = createHash('sha256').update(b).digest();
  return timingSafeEqual(digestA, digestB);
}

/** The application id an incoming call names, '' when it names none. */
export function callAppId(metadata: Metadata): string {
  const value = metadata.get(appIdMetadataKey)[0];
  return typeof value === 'string' ? value : '';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readTlsMaterial(conf: KindlingConf): TlsMaterial {
  const read = (key: string): Buffer | undefined => {
    const path = conf.get(key);
    if (path === undefined || path === '') return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw KindlingError.from(error, `Cannot read ${key}=${path}`);
    }
  };
  return {
    key: read(SecurityConf.sslKeyFile),
    cert: read(SecurityConf.sslCertFile),
    trust: read(SecurityConf.sslTrustFile),
    clientAuth: conf.getBoolean(SecurityConf.sslClientAuth, false),
    serverNameOverride: nonEmpty(conf.get(SecurityConf.sslServerNameOverride)),
  };
}
