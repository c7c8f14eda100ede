export { KindlingConf, parseDurationMs } from './kindling-conf.js';
