/** The host part of a gRPC peer string (`127.0.0.1:5000`, `[::1]:5000`, `ipv4:…`, `::ffff:10.0.0.2`). */
export function peerHost(peer: string): string {
  let host = peer.replace(/^(ipv4|ipv6):/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed !== null) host = bracketed[1]!;
  else if ((host.match(/:/g) ?? []).length === 1) host = host.slice(0, host.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  return mapped !== null ? mapped[1]! : host;
}

/** host:port with brackets around an IPv6 host. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
