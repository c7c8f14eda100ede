// @kindling/hdfs: the embedded WebHDFS server.
export { startEmbeddedHdfs, type EmbeddedHdfs, type EmbeddedHdfsOptions } from './embedded-hdfs.js';
export { runHdfsServer, type HdfsServerArgs } from './run-hdfs-server.js';
export { HdfsException } from './hdfs-exception.js';
export { startHdfsServerProcess, type HdfsServerProcess, type HdfsServerProcessOptions } from './server-process.js';
