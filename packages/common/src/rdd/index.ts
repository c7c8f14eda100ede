export type { RddContext } from './rdd-context.js';
