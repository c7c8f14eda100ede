// Executor-side pieces of streaming: the RDD kinds input streams create, and the
// receiver API with the supervisor that runs a receiver inside a task.
export { RateRDD, type RateRecord, type RateRange } from './rate-rdd.js';
export { FileLinesRDD, splitLines } from './file-lines-rdd.js';
