/**
 * `node dist/server-main.js --port P --data-port D --dir DIR [--user U] [--host H] [--block-size BYTES] [--no-short-circuit]`:
 * the embedded server as a process of its own, for tests that kill it. Prints one
 * JSON line `{"port":…,"dataPort":…,"uri":…}` on stdout once listening.
 */
import { parseArgs } from 'node:util';
import { silentLogger } from '@kindling/common';
import { runHdfsServer } from './run-hdfs-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-port': { type: 'string', default: '0' },
    dir: { type: 'string' },
    user: { type: 'string' },
    host: { type: 'string' },
    'block-size': { type: 'string' },
    'no-short-circuit': { type: 'boolean', default: false },
  },
});
if (values.dir === undefined) {
  process.stderr.write('server-main: --dir is required\n');
  process.exit(2);
}
await runHdfsServer({
  port: Number(values.port),
  dataPort: Number(values['data-port']),
  dir: values.dir,
  logger: silentLogger(),
  ...(values.user === undefined ? {} : { user: values.user }),
  ...(values.host === undefined ? {} : { host: values.host }),
  ...(values['block-size'] === undefined ? {} : { blockSize: Number(values['block-size']) }),
  shortCircuitReads: values['no-short-circuit'] !== true,
  onListening: (server) => process.stdout.write(`${JSON.stringify({ port: server.port, dataPort: server.dataPort, uri: server.uri })}\n`),
});
