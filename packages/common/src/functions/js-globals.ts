/**
 * The global names a shipped lambda may use freely: a free variable that is one of
 * these resolves to the same thing on every executor, so it needs no capture.
 *
 * The set is the language's own globals (the own properties of a fresh `vm` context,
 * so it follows the running V8: Math, JSON, Map, Intl, WebAssembly…) plus the Node
 * globals every executor process has. `process` is allowed on purpose: on an
 * executor it is the executor's process, which is what `process.env.X` or
 * `process.hrtime()` in a task should mean (as `System.getenv` in a Spark closure).
 * CommonJS module variables (`require`, `module`, `__dirname`…) are not globals and
 * are not allowed: a job bundle is an ES module.
 */
import { runInNewContext } from 'node:vm';

/** Node globals that executors provide; only those present in this Node are added. */
const nodeGlobals = [
  'Buffer',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'console',
  'process',
  'structuredClone',
  'queueMicrotask',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'AbortController',
  'AbortSignal',
  'atob',
  'btoa',
  'performance',
  'crypto',
  'fetch',
  'Headers',
  'Request',
  'Response',
  'Blob',
  'File',
  'FormData',
  'Event',
  'EventTarget',
  'DOMException',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'CompressionStream',
  'DecompressionStream',
  'MessageChannel',
  'BroadcastChannel',
];

let globals: ReadonlySet<string> | undefined;

export function javaScriptGlobals(): ReadonlySet<string> {
  if (globals === undefined) {
    const language = Object.getOwnPropertyNames(runInNewContext('globalThis') as object);
    const node = nodeGlobals.filter((name) => name in globalThis);
    globals = new Set([...language, ...node]);
  }
  return globals;
}

export function isJavaScriptGlobal(name: string): boolean {
  return javaScriptGlobals().has(name);
}
