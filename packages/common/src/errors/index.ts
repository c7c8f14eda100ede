export { ErrorCode, KindlingError, fromSystemError, systemCodeOf, type KindlingErrorOptions } from './kindling-error.js';
export * from './errors.js';
