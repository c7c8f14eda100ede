/** Promise forms of grpc-js's callback API, used by every client in Kindling. */
import type { ClientUnaryCall, ServiceError } from '@grpc/grpc-js';

/** Starts a unary call through `start` and resolves with its response. */
export function unary<Res>(start: (callback: (error: ServiceError | null, response?: Res) => void) => ClientUnaryCall): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    start((error, response) => {
      if (error !== null) reject(error);
      else if (response === undefined) reject(new Error('call ended without a response'));
      else resolve(response);
    });
  });
}
