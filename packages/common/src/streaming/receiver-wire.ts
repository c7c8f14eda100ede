/**
 * ReceiverReport / ReceiverCommand on the wire: a block's records travel as one
 * batch of the application's record serializer (msgpack by default), like shuffle
 * and result data; a rate limit of 0 means none.
 */
import type { ReceiverCommand, ReceiverCommand__Output, ReceiverReport, ReceiverReport__Output } from '../rpc/generated-types.js';
import type { Serializer } from '../serializer/index.js';
import type { ReceiverCommandMessage, ReceiverEvent, ReceiverReportMessage } from './receiver-endpoint.js';

const events: readonly ReceiverEvent[] = ['started', 'block', 'error', 'stopped', 'heartbeat'];

export function receiverReportToWire(message: ReceiverReportMessage, serializer: Serializer): ReceiverReport {
  return {
    streamId: message.streamId,
    executorId: message.executorId,
    event: message.event,
    attempt: message.attempt,
    records: message.records === undefined ? Buffer.alloc(0) : Buffer.from(serializer.serializeBatch(message.records)),
    numRecords: message.records?.length ?? 0,
    message: message.message ?? '',
    error: message.error ?? '',
  };
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
