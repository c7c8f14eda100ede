// The gRPC task-execution backend: `local[N]` and `kindling://HOST:PORT`.
export { ClusterBackend, createClusterBackend, type ClusterBackendOptions } from './cluster-backend.js';
export { ClusterConf, clusterDefaults } from './cluster-conf.js';
export type { BundleSource } from './driver-service.js';
