// A node:test reporter for scripts/run-tests.mjs --record-durations: one JSON line per
// top-level test, its file and seconds, which the runner sums per file.
export default async function* durations(source) {
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file !== undefined) {
      yield `${JSON.stringify({ file: event.data.file, seconds: event.data.details.duration_ms / 1000 })}\n`;
    }
  }
}
