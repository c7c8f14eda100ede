export type { FunctionRef, ExportRef, SourceRef, CapturedRef, BuiltinRef, FunctionResolver } from './function-ref.js';
export { isFunctionRef } from './function-ref.js';
export { registerBuiltin, getBuiltin, builtinRef, type BuiltinFactory } from './builtins.js';
