export { StorageLevel } from './storage-level.js';
