/**
 * The master the result-checking engine tests run on: local-inprocess by default,
 * and local[2] (real executor processes, real gRPC) when
 * results-on-local-cluster.integration.test.ts re-runs the same files with
 * KINDLING_TEST_MASTER=local[2].
 */
export const testMaster: string = process.env['KINDLING_TEST_MASTER'] ?? 'local-inprocess';
