export { createLogger, silentLogger, defaultLogLevel, type Logger, type LoggerOptions } from './logger.js';
