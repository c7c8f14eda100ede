export { KindlingConf, parseDurationMs } from './kindling-conf.js';
export {
  acceptedValues,
  confBoolean,
  confBytes,
  confDuration,
  confEnum,
  confInt,
  confString,
  isValidConfValue,
  type ConfigEntry,
  type ConfValueType,
} from './conf-entry.js';
export {
  InvalidConfValueError,
  checkConf,
  closestConfKey,
  confEntries,
  confEntry,
  registerConfEntries,
  validateConf,
  type ConfCheck,
} from './conf-registry.js';
