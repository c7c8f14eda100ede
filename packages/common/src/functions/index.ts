export type { FunctionRef, ExportRef, SourceRef, CapturedRef, BuiltinRef, FunctionResolver } from './function-ref.js';
export { isFunctionRef } from './function-ref.js';
export { registerBuiltin, getBuiltin, builtinRef, type BuiltinFactory } from './builtins.js';
export { capture, capturedFunction, type CapturedFunction } from './capture.js';
export { toFunctionRef, type FunctionRefOptions } from './to-function-ref.js';
export { createFunctionResolver, functionResolverFor } from './function-resolver.js';
export { javaScriptGlobals, isJavaScriptGlobal } from './js-globals.js';
export { analyzeFreeVariables, type FreeVariableAnalysis } from './free-variables.js';
export { functionSource, type FunctionSource } from './function-source.js';
