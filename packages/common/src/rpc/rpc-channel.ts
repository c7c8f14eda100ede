/**
 * How Kindling's gRPC channels and servers are configured, on purpose:
 *
 * - Messages are capped at 16 MiB. Everything that can be larger (bundles, task
 *   payloads and results above 1 MiB, shuffle blocks) travels as a stream of 1 MiB
 *   chunks, so the cap only stops a malformed or hostile message; a batch of task
 *   launches and a large shuffle's map statuses stay well below it.
 * - Keepalive pings every 30 s find a dead peer on an idle long-lived task stream
 *   (a powered-off host never sends a TCP reset).
 * - Reconnect backoff is capped at 2 s, so an executor sees a restarted driver soon.
 */
import type { Client, ChannelOptions, ServerOptions } from '@grpc/grpc-js';
import type { RpcSecurity } from './rpc-security.js';

export const maxMessageBytes = 16 * 1024 * 1024;
export const chunkBytes = 1024 * 1024;
/** Task payloads and results up to this size travel inline (Spark's maxDirectResultSize is 1 MiB too). */
export const maxInlineBytes = 1024 * 1024;

export const channelOptions: ChannelOptions = {
  'grpc.max_receive_message_length': maxMessageBytes,
  'grpc.max_send_message_length': maxMessageBytes,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 2_000,
  // HTTP/2's default 64 KiB receive window caps a shuffle fetch at one window per
  // round trip; 8 MiB lets a block stream at loopback/LAN speed (measured in
  // cluster.bench.ts (c)).
  'grpc-node.flow_control_window': 8 * 1024 * 1024,
};

export const serverOptions: ServerOptions = {
  'grpc.max_receive_message_length': maxMessageBytes,
  'grpc.max_send_message_length': maxMessageBytes,
  // Accept the clients' 30 s keepalive pings instead of answering GOAWAY too_many_pings.
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
};

type ClientConstructor<T> = new (address: string, credentials: ReturnType<RpcSecurity['channelCredentials']>, options: ChannelOptions) => T;

export function createClient<T>(ctor: ClientConstructor<T>, address: string, security: RpcSecurity): T {
  return new ctor(address, security.channelCredentials(), { ...channelOptions, ...security.channelOptions() });
}

/** One client per peer address, so executors reuse a connection for every fetch from the same peer. */
export class ClientPool<T extends Client> {
  private readonly clients = new Map<string, T>();

  constructor(
    private readonly ctor: ClientConstructor<T>,
    private readonly security: RpcSecurity,
  ) {}

  get(address: string): T {
    let client = this.clients.get(address);
    if (client === undefined) {
      client = createClient(this.ctor, address, this.security);
      this.clients.set(address, client);
    }
    return client;
  }

  /** Drops the client of a peer that is gone, so a new peer at the same address gets a fresh channel. */
  evict(address: string): void {
    this.clients.get(address)?.close();
    this.clients.delete(address);
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
