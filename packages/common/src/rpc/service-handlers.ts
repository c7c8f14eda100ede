/**
 * Server-side handler wrappers shared by the driver's and the executors' services:
 * every call is checked by a guard first (authentication, application id) and a
 * handler's thrown error becomes a gRPC status with its Kindling code
 * (rpc-errors.ts), so no handler repeats either. (A stream ends with a status by
 * emitting 'error' with a status object, grpc-js's documented way.)
 */
import type {
  Metadata,
  ServerDuplexStream,
  ServerUnaryCall,
  ServerWritableStream,
  handleBidiStreamingCall,
  handleServerStreamingCall,
  handleUnaryCall,
  sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { toServiceError } from './rpc-errors.js';

export interface Refusal {
  readonly code: status;
  readonly details: string;
}

/** Decides whether a call may proceed; returns why not, or undefined. */
export type CallGuard = (method: string, metadata: Metadata, peer: string) => Refusal | undefined;

export function unaryHandler<Req, Res>(
  guard: CallGuard,
  method: string,
  handler: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res> | Res,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const refusal = guard(method, call.metadata, call.getPeer());
    if (refusal !== undefined) {
      callback(refusal);
      return;
    }
    Promise.resolve()
      .then(() => handler(call.request, call))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error)),
      );
  };
}

export function serverStreamHandler<Req, Res>(
  guard: CallGuard,
  method: string,
  handler: (request: Req, call: ServerWritableStream<Req, Res>) => Promise<void>,
): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>) => {
    const refusal = guard(method, call.metadata, call.getPeer());
    if (refusal !== undefined) {
      call.emit('error', refusal);
      return;
    }
    handler(call.request, call).catch((error: unknown) => {
      if (call.cancelled) return;
      call.emit('error', toServiceError(error));
    });
  };
}

export function bidiStreamHandler<Req, Res>(
  guard: CallGuard,
  method: string,
  handler: (call: ServerDuplexStream<Req, Res>) => void,
): handleBidiStreamingCall<Req, Res> {
  return (call: ServerDuplexStream<Req, Res>) => {
    const refusal = guard(method, call.metadata, call.getPeer());
    if (refusal !== undefined) {
      call.emit('error', refusal);
      return;
    }
    handler(call);
  };
}
