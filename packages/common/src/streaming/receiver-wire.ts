/**
 * ReceiverReport / ReceiverCommand on the wire: a block's records travel as one
 * batch of the application's record serializer (msgpack by default), like shuffle
 * and result data; a rate limit of 0 means none.
 */
import type { ReceiverCommand, ReceiverCommand__Output, ReceiverReport, ReceiverReport__Output } from '../rpc/generated-types.js';
import type { Serializer } from '../serializer/index.js';
import type { ReceiverCommandMessage, ReceiverEvent, ReceiverReportMessage } from './receiver-endpoint.js';

const events: readonly ReceiverEvent[] = ['started', 'block', 'error', 'stopped', 'heartbeat'];

/**
 * Largest encoded block sent in one report. gRPC messages are capped at 16 MiB: a
 * receiver that stored more in one block interval (a fast socket) would otherwise
 * fail every push, keep the records, and fail again with a larger block.
 */
export const MAX_RECEIVER_REPORT_BYTES = 4 * 1024 * 1024;

/** The report as one or more wire messages: a block larger than `maxBytes` encoded is split in halves until each part fits. */
export function receiverReportToWire(message: ReceiverReportMessage, serializer: Serializer, maxBytes = MAX_RECEIVER_REPORT_BYTES): ReceiverReport[] {
  const base = {
    streamId: message.streamId,
    executorId: message.executorId,
    event: message.event,
    attempt: message.attempt,
    message: message.message ?? '',
    error: message.error ?? '',
  };
  if (message.records === undefined) return [{ ...base, records: Buffer.alloc(0), numRecords: 0 }];
  return encodeInParts(message.records, serializer, maxBytes).map((part) => ({ ...base, records: part.bytes, numRecords: part.count }));
}

function encodeInParts(records: readonly unknown[], serializer: Serializer, maxBytes: number): Array<{ bytes: Buffer; count: number }> {
  const bytes = Buffer.from(serializer.serializeBatch(records));
  if (bytes.byteLength <= maxBytes || records.length <= 1) return [{ bytes, count: records.length }];
  const half = Math.ceil(records.length / 2);
  return [...encodeInParts(records.slice(0, half), serializer, maxBytes), ...encodeInParts(records.slice(half), serializer, maxBytes)];
}

export function receiverReportFromWire(report: ReceiverReport__Output, serializer: Serializer): ReceiverReportMessage {
  const event = events.find((e) => e === report.event) ?? 'heartbeat';
  return {
    streamId: report.streamId,
    executorId: report.executorId,
    event,
    attempt: report.attempt,
    ...(event === 'block' ? { records: serializer.deserializeBatch(report.records) } : {}),
    ...(report.message === '' ? {} : { message: report.message }),
    ...(report.error === '' ? {} : { error: report.error }),
  };
}

export function receiverCommandToWire(command: ReceiverCommandMessage): ReceiverCommand {
  return { stop: command.stop, rateLimit: command.rateLimit ?? 0 };
}

export function receiverCommandFromWire(command: ReceiverCommand__Output): ReceiverCommandMessage {
  return { stop: command.stop, rateLimit: command.rateLimit > 0 ? command.rateLimit : undefined };
}
