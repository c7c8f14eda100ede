export * from './errors/index.js';
export * from './log/index.js';
export * from './conf/index.js';
export * from './functions/index.js';
export * from './task/index.js';
