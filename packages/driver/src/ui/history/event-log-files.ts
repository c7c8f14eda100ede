/**
 * Event log file names, as Spark's EventLogFileWriters name them: `<appId>` or
 * `<appId>_<attemptId>` in the log directory, with `.inprogress` while the driver
 * runs. A driver that dies keeps its `.inprogress` file; the history server shows
 * such an attempt as not completed.
 */
export const IN_PROGRESS = '.inprogress';

export function eventLogName(appId: string, attemptId: string | undefined): string {
  return attemptId === undefined ? appId : `${appId}_${attemptId}`;
}

export function joinPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, '')}/${name}`;
}

/** Whether a file in an event log directory looks like an event log (hidden and temp files do not). */
export function isEventLogName(name: string): boolean {
  return name !== '' && !name.startsWith('.') && !name.startsWith('_');
}
