/**
 * The configuration keys read by @kindling/common (serializers, codecs, checkpoints,
 * security, the application's identity), and the Spark-mirrored keys of features
 * that are registered ahead of their code (streaming, UI, event log), so that
 * setting them is not reported as a typo. Imported for its effect by the package
 * index; not re-exported by conf/index.ts, which the modules below import.
 */
import { CHECKPOINT_ALL_MARKED_ANCESTORS_KEY, CHECKPOINT_DIR_KEY, CLEAN_CHECKPOINTS_KEY } from '../checkpoint/checkpoint-conf.js';
import { SHORT_CIRCUIT_READS_KEY } from '../fs/file-system-registry.js';
import { SecurityConf } from '../rpc/rpc-security.js';
import {
  CHECKPOINT_COMPRESS_KEY,
  DEFAULT_IO_COMPRESSION_CODEC,
  IO_COMPRESSION_CODEC_KEY,
  SHUFFLE_COMPRESS_KEY,
  compressionCodecs,
} from '../serializer/compression-codec.js';
import { SERIALIZER_KEY, serializerNames } from '../serializer/serializer-registry.js';
import { confBoolean, confDuration, confEnum, confInt, confString } from './conf-entry.js';
import { registerConfEntries } from './conf-registry.js';

const codecNames = (): string[] => compressionCodecs.map((c) => c.name);

registerConfEntries([
  // The application
  confString('kindling.master', 'local[2]', 'where tasks run: local[N], local[*], kindling://HOST:PORT or local-inprocess'),
  confString('kindling.app.name', undefined, 'the application name (default: the bundle name)'),
  confString('kindling.app.id', undefined, 'the application id (generated when not set)'),
  confInt('kindling.default.parallelism', undefined, 'partitions of parallelize and shuffles when not given (default: executor cores)', { min: 1 }),
  confDuration('kindling.network.timeout', '30s', 'an executor (or driver) silent this long is lost'),
  // Data
  confEnum(SERIALIZER_KEY, serializerNames, 'msgpack', 'the record serializer'),
  confEnum(IO_COMPRESSION_CODEC_KEY, codecNames, DEFAULT_IO_COMPRESSION_CODEC, 'the codec used where compression is switched on with true'),
  confEnum(CHECKPOINT_COMPRESS_KEY, () => ['true', 'false', ...codecNames()], 'false', 'compress checkpoint files (true, false or a codec name)'),
  confEnum(SHUFFLE_COMPRESS_KEY, () => ['true', 'false', ...codecNames()], 'false', 'compress shuffle files (true, false or a codec name)'),
  // Checkpoints
  confString(CHECKPOINT_DIR_KEY, undefined, 'the checkpoint directory (setCheckpointDir)'),
  confBoolean(CLEAN_CHECKPOINTS_KEY, false, "delete an RDD's checkpoint files when the RDD is garbage collected"),
  confBoolean(CHECKPOINT_ALL_MARKED_ANCESTORS_KEY, false, 'checkpoint every marked RDD of a lineage, not only the last'),
  // Storage
  confBoolean(SHORT_CIRCUIT_READS_KEY, true, 'read WebHDFS files directly from disk when the datanode is on this host and allows it (short-circuit reads)'),
  // Security
  confBoolean(SecurityConf.authenticate, false, 'require the shared secret on every RPC (on when a secret is set)'),
  confString(SecurityConf.secret, undefined, 'the shared secret (or KINDLING_AUTHENTICATE_SECRET)'),
  confBoolean(SecurityConf.sslEnabled, false, 'TLS on the gRPC channels'),
  confString(SecurityConf.sslKeyFile, undefined, 'PEM private key of this process'),
  confString(SecurityConf.sslCertFile, undefined, 'PEM certificate of this process'),
  confString(SecurityConf.sslTrustFile, undefined, 'PEM certificates trusted for peers'),
  confBoolean(SecurityConf.sslClientAuth, false, 'servers require client certificates'),
  confString(SecurityConf.sslServerNameOverride, undefined, 'host name expected in peer certificates'),

  // Registered ahead of the features that read them (Spark's names and defaults).
  confInt('kindling.streaming.concurrentJobs', 1, 'streaming jobs run at once', { min: 1 }),
  confDuration('kindling.streaming.blockInterval', '200ms', 'how often received data is cut into blocks'),
  confBoolean('kindling.streaming.backpressure.enabled', false, 'adapt the receiving rate to the processing rate'),
  confBoolean('kindling.streaming.receiver.writeAheadLog.enable', false, 'write received data to a log in the checkpoint directory first'),
  confBoolean('kindling.streaming.stopGracefullyOnShutdown', false, 'finish received data before stopping on shutdown'),
  confInt('kindling.streaming.ui.retainedBatches', 1000, 'batches the streaming UI remembers', { min: 0 }),
  confBoolean('kindling.ui.enabled', true, 'serve the driver UI'),
  confInt('kindling.ui.port', 4040, 'port of the driver UI (--ui-port)', { min: 0, max: 65535 }),
  confDuration('kindling.ui.refreshInterval', '5s', 'how often the UI pages update (each page offers another choice)'),
  confInt('kindling.ui.retainedJobs', 1000, 'jobs the UI remembers', { min: 0 }),
  confInt('kindling.ui.retainedStages', 1000, 'stages the UI remembers', { min: 0 }),
  confBoolean('kindling.eventLog.enabled', false, 'log application events for `kindling history`'),
  confString('kindling.eventLog.dir', undefined, 'where event logs are written'),
]);
