export { Broadcast, broadcastTag, isBroadcast, type BroadcastOwner } from './broadcast.js';
export {
  BroadcastDestroyedError,
  broadcastValue,
  decodeBroadcastValue,
  dropBroadcastCopy,
  holdsBroadcast,
  isBroadcastDestroyed,
  isBroadcastRegistered,
  loadBroadcasts,
  newBroadcastId,
  registerBroadcast,
  unregisterBroadcast,
  type BroadcastSource,
} from './broadcast-registry.js';
