/** Starting and stopping a gRPC server, with one clear line when the address cannot be had. */
import { Server, type ServerCredentials } from '@grpc/grpc-js';
import { InvalidArgumentError } from '../errors/index.js';
import { serverOptions } from './rpc-channel.js';

export function createServer(): Server {
  return new Server(serverOptions);
}

/** Binds `host:port` (port 0 = any free port) and resolves with the bound port. */
export function bindServer(server: Server, host: string, port: number, credentials: ServerCredentials): Promise<number> {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(address, credentials, (error, boundPort) => {
      if (error === null) {
        resolve(boundPort);
        return;
      }
      const message = error.message;
      if (message.includes('EADDRINUSE')) {
        reject(new InvalidArgumentError(`Cannot listen on ${address}: the port is already in use; choose another port or stop the process that holds it`, { cause: error }));
      } else if (message.includes('EADDRNOTAVAIL') || message.includes('Name resolution failed')) {
        reject(new InvalidArgumentError(`Cannot listen on ${address}: no such local address; use an address of this machine such as 0.0.0.0 or 127.0.0.1`, { cause: error }));
      } else if (message.includes('EACCES')) {
        reject(new InvalidArgumentError(`Cannot listen on ${address}: permission denied; use a port above 1023`, { cause: error }));
      } else {
        reject(new InvalidArgumentError(`Cannot listen on ${address}: ${message}`, { cause: error }));
      }
    });
  });
}

/** Lets in-flight calls finish for up to `graceMs`, then cuts the rest. */
export function shutdownServer(server: Server, graceMs = 1_000): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    timer.unref();
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
