/**
 * Lines for the person running a streaming job — an upgrade report, a warning that
 * a stateful operator has no uid — on stderr, so they do not mix with the job's own
 * output on stdout. Like the progress bars, silenced with
 * `kindling.ui.showConsoleProgress=false` (tests and benches set it). Always logged as well.
 */
import type { KindlingConf } from '@kindling/common';

export function printStreamingNotice(conf: KindlingConf, text: string): void {
  if (!conf.getBoolean('kindling.ui.showConsoleProgress', true)) return;
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
